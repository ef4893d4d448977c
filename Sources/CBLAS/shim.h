// OpenBLAS (Debian libopenblas-dev): CBLAS plus the Fortran LAPACK symbols it exports.
// Matrices passed to LAPACK are column-major; CBLAS calls in INVKit state their order at the call site.
#include <cblas.h>

// LAPACK: symmetric eigen-decomposition (divide and conquer), used by exact PCA on Gram matrices.
void ssyevd_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda, float *w,
             float *work, const int *lwork, int *iwork, const int *liwork, int *info);
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info);
