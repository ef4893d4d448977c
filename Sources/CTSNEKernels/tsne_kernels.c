#include "tsne_kernels.h"

typedef float lanes8 __attribute__((vector_size(32)));

// Macros rather than functions: vector arguments would change the calling convention between paths.
#define LANE_SUM(v) ((((v)[0] + (v)[1]) + ((v)[2] + (v)[3])) + (((v)[4] + (v)[5]) + ((v)[6] + (v)[7])))
#define LOAD8(target, address) __builtin_memcpy(&(target), (address), sizeof(lanes8))

// The kernel body, inlined into each code path so it is compiled with that path's features.
static inline __attribute__((always_inline)) void rows_body(const float *xs, const float *ys, const float *p, long n,
                                                            long begin, long end, double *attraction,
                                                            double *repulsion, double *row_z) {
    const lanes8 one = {1, 1, 1, 1, 1, 1, 1, 1};
    for (long i = begin; i < end; i++) {
        const float *row = p + i * n;
        const lanes8 xi = {xs[i], xs[i], xs[i], xs[i], xs[i], xs[i], xs[i], xs[i]};
        const lanes8 yi = {ys[i], ys[i], ys[i], ys[i], ys[i], ys[i], ys[i], ys[i]};
        lanes8 sw = {0}, ax = {0}, ay = {0}, rx = {0}, ry = {0};
        long j = 0;
        for (; j + 8 <= n; j += 8) {
            lanes8 xj, yj, pj;
            LOAD8(xj, xs + j);
            LOAD8(yj, ys + j);
            LOAD8(pj, row + j);
            const lanes8 dx = xi - xj, dy = yi - yj;
            const lanes8 w = one / (one + dx * dx + dy * dy);
            const lanes8 pw = pj * w, w2 = w * w;
            sw += w;
            ax += pw * dx;
            ay += pw * dy;
            rx += w2 * dx;
            ry += w2 * dy;
        }
        float tw = 0, tax = 0, tay = 0, trx = 0, try_ = 0;
        for (; j < n; j++) {
            const float dx = xs[i] - xs[j], dy = ys[i] - ys[j];
            const float w = 1.0f / (1.0f + dx * dx + dy * dy);
            tw += w;
            tax += row[j] * w * dx;
            tay += row[j] * w * dy;
            trx += w * w * dx;
            try_ += w * w * dy;
        }
        attraction[2 * i] = (double)(LANE_SUM(ax) + tax);
        attraction[2 * i + 1] = (double)(LANE_SUM(ay) + tay);
        repulsion[2 * i] = (double)(LANE_SUM(rx) + trx);
        repulsion[2 * i + 1] = (double)(LANE_SUM(ry) + try_);
        // The self pair contributes w = 1 exactly (and no force); take it out of Z.
        row_z[i] = (double)(LANE_SUM(sw) + tw) - 1.0;
    }
}

void inv_tsne_exact_rows_generic(const float *xs, const float *ys, const float *p, long n, long begin, long end,
                                 double *attraction, double *repulsion, double *row_z) {
    rows_body(xs, ys, p, n, begin, end, attraction, repulsion, row_z);
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) static void rows_avx2(const float *xs, const float *ys, const float *p, long n,
                                                          long begin, long end, double *attraction,
                                                          double *repulsion, double *row_z) {
    rows_body(xs, ys, p, n, begin, end, attraction, repulsion, row_z);
}

static int has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

void inv_tsne_exact_rows(const float *xs, const float *ys, const float *p, long n, long begin, long end,
                         double *attraction, double *repulsion, double *row_z) {
#if defined(__x86_64__)
    if (has_avx2()) {
        rows_avx2(xs, ys, p, n, begin, end, attraction, repulsion, row_z);
        return;
    }
#endif
    inv_tsne_exact_rows_generic(xs, ys, p, n, begin, end, attraction, repulsion, row_z);
}

const char *inv_tsne_kernel_path(void) {
#if defined(__x86_64__)
    if (has_avx2()) return "avx2-fma";
#endif
    return "generic";
}
