import INVCore

/// Principal component analysis, exact (Maćkiewicz & Ratajczak 1993; thesis §3.3.2 and §4.2: the
/// normalised maps are projected on min(50, n_maps, n_pixels) components before t-SNE).
///
/// The data are centred, then the smaller of the two Gram matrices is eigen-decomposed with
/// LAPACK `dsyevr` (only the leading eigenpairs): `Xc·Xcᵀ` (n×n) when n ≤ d — the usual case, 130–512 maps of 196–3136
/// pixels — otherwise the covariance `Xcᵀ·Xc` (d×d). The output is the matrix of scores
/// `Xc · Vᵀ` (n × components), which is what scikit-learn's `PCA.fit_transform` returns.
///
/// Signs follow scikit-learn's `svd_flip(u_based_decision=False)`: in each component (row of
/// `Vᵀ`) the entry of largest magnitude is positive, so golden comparisons are stable.
public struct PCA: Reducer {
    public static let name = "pca"
    public static let summary = "Exact principal component analysis (LAPACK eigen-decomposition of the smaller Gram matrix)."
    public static let parameterDocs = [
        "components": "Number of components kept: min(components, n_rows, n_columns). Thesis: 50.",
    ]

    public struct Parameters: Codable, Sendable, Equatable, DefaultConstructible {
        /// Upper bound on the number of components (thesis §4.2: 50).
        public var components: Int = 50
        public init() {}
        public init(components: Int) { self.components = components }
        public enum CodingKeys: String, CodingKey, CaseIterable { case components }
    }

    public let parameters: Parameters

    public init(parameters: Parameters) throws {
        guard parameters.components >= 1 else {
            throw PluginInputError(plugin: Self.name, "components must be at least 1, got \(parameters.components)")
        }
        self.parameters = parameters
    }

    public func reduce(_ x: Matrix, seed: UInt64) throws -> Matrix {
        try fit(x).scores
    }

    public func reduction(_ x: Matrix, seed: UInt64) throws -> Reduction {
        let fit = try fit(x)
        return Reduction(points: fit.scores, diagnostics: [
            "components": Double(fit.components.rows),
            "explained_variance_ratio": fit.explainedVarianceRatio.reduce(0, +),
        ])
    }

    /// The decomposition of `x` (one sample per row) with min(components, rows, columns) components.
    public func fit(_ x: Matrix) throws -> PCAFit {
        try x.requireFinite(for: Self.name)
        return try PCAFit(x, components: min(parameters.components, x.rows, x.columns))
    }
}

/// A fitted PCA: the scores, the principal axes and the variance each explains (scikit-learn's
/// `fit_transform`, `components_`, `explained_variance_`, `explained_variance_ratio_`).
public struct PCAFit: Sendable {
    /// n × c projections of the centred rows on the components (`Xc · Vᵀ = U · S`).
    public var scores: Matrix
    /// c × d unit principal axes, by decreasing variance.
    public var components: Matrix
    /// Variance along each component, with the unbiased (n − 1) normalisation.
    public var explainedVariance: [Double]
    /// Share of the total variance explained by each component.
    public var explainedVarianceRatio: [Double]
    /// Column means that were subtracted.
    public var mean: [Double]

    /// Fits `count` components (0 ≤ count ≤ min(rows, columns)) of the rows of `x`.
    init(_ x: Matrix, components count: Int) throws {
        let (n, d) = (x.rows, x.columns)
        mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += x.values[i * d + j] } }
        if n > 0 { for j in 0..<d { mean[j] /= Double(n) } }
        var centred = x
        for i in 0..<n { for j in 0..<d { centred.values[i * d + j] -= mean[j] } }

        var axes = [[Double]](), variances = [Double](), total = 0.0
        if n <= d {
            // Xc·Xcᵀ = U Λ Uᵀ; the singular values are √λ and the axes Vᵀ = Λ^{-1/2} Uᵀ Xc.
            let gram = LinearAlgebra.rowGram(centred)
            total = (0..<n).reduce(0) { $0 + gram[$1 * n + $1] }
            let eigen = try LinearAlgebra.largestEigenpairs(gram, order: n, count: count)
            // Rows of Λ^{-1/2} Uᵀ (count × n), zero where a singular value vanishes.
            var scaledU = [Double](repeating: 0, count: count * n)
            for c in 0..<count {
                let lambda = max(eigen.values[c], 0)
                variances.append(lambda)
                guard lambda > 0 else { continue }
                let inverseSigma = 1 / lambda.squareRoot()
                for i in 0..<n { scaledU[c * n + i] = eigen.vectors[c][i] * inverseSigma }
            }
            var stacked = [Double](repeating: 0, count: count * d)
            if count > 0 {
                scaledU.withUnsafeBufferPointer { u in
                    centred.values.withUnsafeBufferPointer { xc in
                        stacked.withUnsafeMutableBufferPointer { v in
                            LinearAlgebra.dgemm(m: count, n: d, k: n, a: u.baseAddress!, lda: n,
                                                b: xc.baseAddress!, ldb: d, c: v.baseAddress!, ldc: d)
                        }
                    }
                }
            }
            axes = (0..<count).map { Array(stacked[($0 * d)..<(($0 + 1) * d)]) }
        } else {
            let covariance = LinearAlgebra.columnGram(centred)
            total = (0..<d).reduce(0) { $0 + covariance[$1 * d + $1] }
            let eigen = try LinearAlgebra.largestEigenpairs(covariance, order: d, count: count)
            for c in 0..<count {
                axes.append(eigen.vectors[c])
                variances.append(max(eigen.values[c], 0))
            }
        }
        for c in axes.indices { Self.flipSign(&axes[c]) }

        let denominator = Double(max(n - 1, 1))
        explainedVariance = variances.map { $0 / denominator }
        explainedVarianceRatio = variances.map { total > 0 ? $0 / total : 0 }
        components = Matrix(rows: count, columns: d, values: axes.flatMap { $0 })
        scores = Matrix(rows: n, columns: count)
        if count > 0, n > 0 {
            centred.values.withUnsafeBufferPointer { xc in
                components.values.withUnsafeBufferPointer { v in
                    scores.values.withUnsafeMutableBufferPointer { s in
                        LinearAlgebra.dgemm(transposeB: true, m: n, n: count, k: d,
                                            a: xc.baseAddress!, lda: d, b: v.baseAddress!, ldb: d,
                                            c: s.baseAddress!, ldc: count)
                    }
                }
            }
        }
    }

    /// scikit-learn's `svd_flip(u_based_decision=False)`: the first entry of largest magnitude is positive.
    private static func flipSign(_ axis: inout [Double]) {
        var best = 0
        for j in axis.indices where abs(axis[j]) > abs(axis[best]) { best = j }
        if !axis.isEmpty, axis[best] < 0 { for j in axis.indices { axis[j] = -axis[j] } }
    }
}
