import CBLAS
import INVCore

/// Double-precision OpenBLAS/LAPACK calls used by the numeric plugins, every argument labelled.
///
/// Matrices are **row-major** unless a doc comment says otherwise; LAPACK is column-major, which
/// only matters for its eigenvector output (see ``symmetricEigen(_:order:)``). OpenBLAS runs
/// single-threaded: the plugins parallelise above it over fixed blocks, so results do not depend
/// on the number of threads.
enum LinearAlgebra {
    private static let singleThreaded: Void = { openblas_set_num_threads(1) }()

    /// C ← alpha · op(A) · op(B) + beta · C (row-major), op(A) of shape m×k, op(B) of shape k×n.
    static func dgemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Double = 1, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        _ = singleThreaded
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k),
                    alpha, a, blasint(lda), b, blasint(ldb),
                    beta, c, blasint(ldc))
    }

    /// The Gram matrix of the rows, `A · Aᵀ` (rows × rows, full and symmetric), for row-major `a`.
    ///
    /// - Complexity: rows² · columns / 2 multiply-adds (`dsyrk` fills one triangle, mirrored here).
    static func rowGram(_ a: Matrix) -> [Double] {
        _ = singleThreaded
        let n = a.rows
        var gram = [Double](repeating: 0, count: n * n)
        guard n > 0, a.columns > 0 else { return gram }
        a.values.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { g in
                // Row-major upper triangle of C = A·Aᵀ with A stored n×columns.
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans,
                            blasint(n), blasint(a.columns),
                            1.0, x.baseAddress, blasint(a.columns),
                            0.0, g.baseAddress, blasint(n))
                for i in 0..<n { for j in 0..<i { g[i * n + j] = g[j * n + i] } }
            }
        }
        return gram
    }

    /// The Gram matrix of the columns, `Aᵀ · A` (columns × columns, full and symmetric).
    static func columnGram(_ a: Matrix) -> [Double] {
        _ = singleThreaded
        let d = a.columns
        var gram = [Double](repeating: 0, count: d * d)
        guard d > 0, a.rows > 0 else { return gram }
        a.values.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { g in
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans,
                            blasint(d), blasint(a.rows),
                            1.0, x.baseAddress, blasint(d),
                            0.0, g.baseAddress, blasint(d))
                for i in 0..<d { for j in 0..<i { g[i * d + j] = g[j * d + i] } }
            }
        }
        return gram
    }

    /// The `count` largest eigenvalues of a symmetric `n×n` matrix and their eigenvectors
    /// (LAPACK `dsyevr`, relatively robust representations; all of them when count = n). The
    /// value bounds are unused: the pairs are chosen by index.
    ///
    /// - Returns: eigenvalues in **descending** order and, for each, its unit eigenvector
    ///   (`vectors[i]` belongs to `values[i]`), with the sign LAPACK chose.
    /// - Throws: ``LinearAlgebraError`` when LAPACK reports a failure.
    static func largestEigenpairs(_ symmetric: [Double], order n: Int, count: Int) throws -> (values: [Double], vectors: [[Double]]) {
        _ = singleThreaded
        precondition(symmetric.count == n * n && (0...n).contains(count), "largestEigenpairs needs \(n)×\(n) values and 0…\(n) pairs")
        guard count > 0 else { return ([], []) }
        // A symmetric matrix reads the same in either order. The eigenvectors come back
        // column-major in z: eigenvector m occupies z[m*n ..< (m+1)*n], ascending eigenvalues.
        var a = symmetric
        var eigenvalues = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n * count)
        var support = [Int32](repeating: 0, count: 2 * count)
        var jobz = CChar(UInt8(ascii: "V")), range = CChar(UInt8(ascii: "I")), uplo = CChar(UInt8(ascii: "U"))
        var order = Int32(n), lda = Int32(n), ldz = Int32(n), lowest = Int32(n - count + 1), highest = Int32(n)
        var lowerBound = 0.0, upperBound = 0.0, tolerance = 0.0, found: Int32 = 0, info: Int32 = 0
        var workQuery = 0.0, iworkQuery: Int32 = 0, query: Int32 = -1
        dsyevr_(&jobz, &range, &uplo, &order, &a, &lda, &lowerBound, &upperBound, &lowest, &highest, &tolerance,
                &found, &eigenvalues, &z, &ldz, &support, &workQuery, &query, &iworkQuery, &query, &info)
        guard info == 0 else { throw LinearAlgebraError(routine: "dsyevr", info: Int(info)) }
        var lwork = Int32(workQuery), liwork = iworkQuery
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        dsyevr_(&jobz, &range, &uplo, &order, &a, &lda, &lowerBound, &upperBound, &lowest, &highest, &tolerance,
                &found, &eigenvalues, &z, &ldz, &support, &work, &lwork, &iwork, &liwork, &info)
        guard info == 0, found == count else { throw LinearAlgebraError(routine: "dsyevr", info: Int(info)) }
        let descending = Array((0..<count).reversed())
        return (descending.map { eigenvalues[$0] }, descending.map { Array(z[($0 * n)..<(($0 + 1) * n)]) })
    }
}

/// A LAPACK routine reported a failure (`info` ≠ 0): a negative value names a bad argument,
/// a positive one a failure to converge.
struct LinearAlgebraError: Error, CustomStringConvertible {
    let routine: String
    let info: Int
    var description: String { "LAPACK \(routine) failed with info = \(info)" }
}
