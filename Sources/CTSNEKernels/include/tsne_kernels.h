// Fused all-pairs force kernel of t-SNE for INVPlugins (see Plugins/Reduction/TSNEGradient.swift).
// C so that one binary can carry a generic path and an AVX2+FMA path chosen at run time; Swift
// has no per-function target features.
#ifndef INV_TSNE_KERNELS_H
#define INV_TSNE_KERNELS_H

/// For each row i in [begin, end) of a 2-D embedding with n points (xs, ys) and a dense row-major
/// n×n matrix p (zero diagonal), with w_ij = 1 / (1 + |y_i − y_j|²):
///   attraction[2i], attraction[2i+1] = Σ_j p_ij w_ij (y_i − y_j)
///   repulsion[2i],  repulsion[2i+1]  = Σ_j w_ij² (y_i − y_j)
///   row_z[i]                         = Σ_{j≠i} w_ij
/// Each row is summed in a fixed order, so the result does not depend on how rows are split
/// among threads (it does depend on the code path, see inv_tsne_kernel_path).
void inv_tsne_exact_rows(const float *xs, const float *ys, const float *p, long n, long begin, long end,
                         double *attraction, double *repulsion, double *row_z);

/// The same sums on the portable path, whatever the CPU (used by tests to check both paths).
void inv_tsne_exact_rows_generic(const float *xs, const float *ys, const float *p, long n, long begin, long end,
                                 double *attraction, double *repulsion, double *row_z);

/// The code path inv_tsne_exact_rows uses on this machine: "avx2-fma" or "generic".
const char *inv_tsne_kernel_path(void);

#endif
