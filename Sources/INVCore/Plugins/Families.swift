/// Dimensionality reduction of feature maps (one row per map): PCA, t-SNE, … (thesis §3.3.2).
public protocol Reducer: Plugin {
    /// Returns one row per input row. `seed` drives every random choice.
    func reduce(_ x: Matrix, seed: UInt64) throws -> Matrix
}

/// Clustering of (reduced) feature maps into k groups, for several k at once (thesis §3.3.3).
public protocol Clusterer: Plugin {
    /// A label in `0..<k` per row, for each requested k (k values larger than the row count are skipped).
    func partitions(_ x: Matrix, ks: [Int], seed: UInt64) throws -> [Int: [Int]]
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
