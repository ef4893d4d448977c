import CBLAS

/// Thin, labelled wrappers over OpenBLAS. All matrices here are **row-major**.
///
/// OpenBLAS's own threading is switched off: INVKit parallelises above BLAS (over images, channel
/// groups or fixed row blocks) with single-threaded BLAS calls, which measured about 2× faster on
/// 2-core machines and keeps results independent of the thread count.
public enum BLAS {
    private static let singleThreaded: Void = { openblas_set_num_threads(1) }()

    /// C ← alpha · op(A) · op(B) + beta · C, with op(A) of shape m×k and op(B) of shape k×n.
    ///
    /// `lda`, `ldb`, `ldc` are row strides of the matrices as stored (before transposition).
    @inline(__always)
    public static func sgemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        _ = singleThreaded
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // BLAS leaves C untouched for k == 0 only when beta == 1; make beta's meaning explicit.
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k),
                    alpha, a, blasint(lda), b, blasint(ldb),
                    beta, c, blasint(ldc))
    }
}
