// OpenBLAS (Debian libopenblas-dev): CBLAS plus the Fortran LAPACK symbols it exports.
// Matrices passed to LAPACK are column-major; CBLAS calls in INVKit state their order at the call site.
#include <cblas.h>

// LAPACK: symmetric eigen-decomposition (divide and conquer), used by exact PCA on Gram matrices.
void ssyevd_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda, float *w,
             float *work, const int *lwork, int *iwork, const int *liwork, int *info);
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info);

// LAPACK: selected eigenpairs of a symmetric matrix (MRRR), used by PCA when only the leading
// components are wanted (range = 'I' with il..iu counted from the smallest eigenvalue).
void dsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a, const int *lda,
             const double *vl, const double *vu, const int *il, const int *iu, const double *abstol,
             int *m, double *w, double *z, const int *ldz, int *isuppz,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info);
