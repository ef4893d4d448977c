/// Small dense weighted least-squares solvers for the surrogate models (features ≤ a few hundred).
enum WeightedLeastSquares {
    /// scikit-learn `Ridge(alpha, fit_intercept=True).fit(X, y, sample_weight=w)`: centre X and y
    /// by their weighted means, solve `(Xcᵀ W Xc + αI) β = Xcᵀ W yc`. Returns (coefficients, intercept).
    static func ridge(_ x: [[Double]], _ y: [Double], weights w: [Double], alpha: Double) throws -> ([Double], Double) {
        let (n, m) = (x.count, x.first?.count ?? 0)
        let total = w.reduce(0, +)
        var xMean = [Double](repeating: 0, count: m)
        var yMean = 0.0
        for i in 0..<n {
            for j in 0..<m { xMean[j] += w[i] * x[i][j] / total }
            yMean += w[i] * y[i] / total
        }
        var a = [Double](repeating: 0, count: m * m), b = [Double](repeating: 0, count: m)
        for i in 0..<n {
            let xc = (0..<m).map { x[i][$0] - xMean[$0] }
            let yc = y[i] - yMean
            for j in 0..<m where xc[j] != 0 {
                b[j] += w[i] * xc[j] * yc
                for k in 0..<m { a[j * m + k] += w[i] * xc[j] * xc[k] }
            }
        }
        for j in 0..<m { a[j * m + j] += alpha }
        let beta = try solve(a, b, size: m)
        let intercept = yMean - zip(beta, xMean).map { $0 * $1 }.reduce(0, +)
        return (beta, intercept)
    }

    /// Solves the symmetric positive (semi-)definite system `A x = b` by Gaussian elimination with
    /// partial pivoting.
    static func solve(_ a: [Double], _ b: [Double], size m: Int) throws -> [Double] {
        var a = a, b = b
        for col in 0..<m {
            var pivot = col
            for r in (col + 1)..<max(m, col + 1) where abs(a[r * m + col]) > abs(a[pivot * m + col]) { pivot = r }
            guard abs(a[pivot * m + col]) > 1e-12 else { throw SurrogateError.singular(size: m) }
            if pivot != col {
                for k in 0..<m { a.swapAt(col * m + k, pivot * m + k) }
                b.swapAt(col, pivot)
            }
            for r in (col + 1)..<max(m, col + 1) {
                let f = a[r * m + col] / a[col * m + col]
                guard f != 0 else { continue }
                for k in col..<m { a[r * m + k] -= f * a[col * m + k] }
                b[r] -= f * b[col]
            }
        }
        var x = [Double](repeating: 0, count: m)
        for r in stride(from: m - 1, through: 0, by: -1) {
            var s = b[r]
            for k in (r + 1)..<max(m, r + 1) { s -= a[r * m + k] * x[k] }
            x[r] = s / a[r * m + r]
        }
        return x
    }
}

enum SurrogateError: Error, CustomStringConvertible, Equatable {
    case singular(size: Int)
    var description: String {
        guard case .singular(let size) = self else { return "" }
        return "the \(size) × \(size) surrogate regression is singular: too few distinct samples for the superpixels (raise the sample count)"
    }
}
