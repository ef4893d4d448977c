import INVCore

/// Agglomerative (hierarchical) clustering with Euclidean distances (thesis §3.3.3 and §4.2:
/// Ward linkage, "linking the two clusters that minimize the increase in the sum of squares").
///
/// One dendrogram is built by the nearest-neighbour chain with Lance–Williams updates and cut at
/// every requested k, so the labels equal scikit-learn's
/// `AgglomerativeClustering(n_clusters=k, linkage=…)` up to a permutation of label numbers.
/// Ties (two merges at exactly the same distance) are resolved in scipy's order for ward,
/// complete and average; for single linkage scikit-learn orders equal-weight minimum-spanning-tree
/// edges differently, so a cut that falls between equal heights may differ there.
public struct Agglomerative: Clusterer {
    public static let name = "agglomerative"
    public static let summary = "Hierarchical clustering (ward, complete, average or single linkage) cut at every k from one dendrogram."
    public static let parameterDocs = [
        "linkage": "ward (default, thesis), complete, average or single; distances are Euclidean.",
    ]

    public struct Parameters: Codable, Sendable, Equatable, DefaultConstructible {
        public var linkage: Linkage = .ward
        public init() {}
        public init(linkage: Linkage) { self.linkage = linkage }
        public enum CodingKeys: String, CodingKey, CaseIterable { case linkage }
    }

    public let parameters: Parameters

    public init(parameters: Parameters) {
        self.parameters = parameters
    }

    /// Labels in `0..<k` for every requested 1 ≤ k ≤ rows (other k are skipped).
    public func partitions(_ x: Matrix, ks: [Int], seed: UInt64) throws -> [Int: [Int]] {
        try x.requireFinite(for: Self.name)
        let wanted = ks.filter { (1...x.rows).contains($0) }
        guard !wanted.isEmpty else { return [:] }
        let tree = dendrogram(x)
        return Dictionary(wanted.map { ($0, tree.labels(clusters: $0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The full merge tree of the rows of `x`.
    public func dendrogram(_ x: Matrix) -> Dendrogram {
        parameters.linkage.dendrogram(x)
    }
}
