/// Dimensionality reduction of feature maps (one row per map): PCA, t-SNE, … (thesis §3.3.2).
public protocol Reducer: Plugin {
    /// Returns one row per input row. `seed` drives every random choice.
    func reduce(_ x: Matrix, seed: UInt64) throws -> Matrix
    /// The same points with what a report should show beside them: warnings about adjusted
    /// parameters (e.g. a perplexity clamped for a small layer) and named diagnostics.
    /// The default wraps ``reduce(_:seed:)`` with neither.
    func reduction(_ x: Matrix, seed: UInt64) throws -> Reduction
}

extension Reducer {
    public func reduction(_ x: Matrix, seed: UInt64) throws -> Reduction {
        Reduction(points: try reduce(x, seed: seed))
    }
}

/// The output of a ``Reducer`` with its warnings and diagnostics, so a run can record them.
public struct Reduction: Sendable, Equatable {
    /// One row per input row.
    public var points: Matrix
    /// Human-readable notes about parameters the reducer had to adjust for this input.
    public var warnings: [String]
    /// Named scalar figures, e.g. `kl_divergence` for t-SNE or `explained_variance_ratio` for PCA.
    public var diagnostics: [String: Double]

    public init(points: Matrix, warnings: [String] = [], diagnostics: [String: Double] = [:]) {
        self.points = points
        self.warnings = warnings
        self.diagnostics = diagnostics
    }
}

/// Clustering of (reduced) feature maps into k groups, for several k at once (thesis §3.3.3).
public protocol Clusterer: Plugin {
    /// A label in `0..<k` per row, for each requested k (k values larger than the row count are skipped).
    func partitions(_ x: Matrix, ks: [Int], seed: UInt64) throws -> [Int: [Int]]
}

/// The requested cluster counts that a clustering of `samples` points can be scored with:
/// 2 ≤ k ≤ samples − 1 (silhouette, Calinski–Harabasz and Davies–Bouldin need at least two
/// clusters and fewer clusters than points), sorted, without duplicates.
///
/// For example a layer that kept 5 maps turns the thesis range 3…8 into [3, 4].
public func admissibleClusterCounts(_ ks: [Int], samples: Int) -> [Int] {
    Array(Set(ks.filter { $0 >= 2 && $0 <= samples - 1 })).sorted()
}

/// Whether a larger or a smaller value of a score is better.
public enum Direction: String, Sendable, Codable {
    case higherIsBetter = "higher"
    case lowerIsBetter = "lower"
}

/// A clustering quality score used to choose k (silhouette by default, thesis §3.3.3).
public protocol ClusterScore: Plugin {
    static var direction: Direction { get }
    /// The score of `labels` (one per row of `x`, at least two distinct clusters).
    func score(_ x: Matrix, labels: [Int]) throws -> Double
}

/// The built-in registries of the numeric families; `main` passes these down.
public struct NumericFamilies: Sendable {
    public var reducers: PluginFamily<any Reducer>
    public var clusterers: PluginFamily<any Clusterer>
    public var clusterScores: PluginFamily<any ClusterScore>
    public init(reducers: PluginFamily<any Reducer>, clusterers: PluginFamily<any Clusterer>, clusterScores: PluginFamily<any ClusterScore>) {
        self.reducers = reducers
        self.clusterers = clusterers
        self.clusterScores = clusterScores
    }
}
