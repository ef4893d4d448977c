import INVCore

/// A binary merge tree over n points, built once and cut at any number of clusters (thesis
/// §3.3.3: hierarchical clustering "produces many clustering results for an incremental number
/// of clusters").
///
/// Merges are in scipy's `linkage` order: sorted by height, ties kept in the order the
/// nearest-neighbour chain found them. Cutting at k undoes the last k − 1 merges, as
/// scikit-learn's `_hc_cut` does with the tree scipy returns.
public struct Dendrogram: Sendable, Equatable {
    /// One merge: two clusters, each named by a point it contains, and the linkage distance.
    public struct Merge: Sendable, Equatable {
        public var first: Int
        public var second: Int
        public var height: Double
    }

    public let points: Int
    /// n − 1 merges (fewer only for n = 0), lowest first.
    public let merges: [Merge]

    init(points: Int, merges: [Merge]) {
        self.points = points
        // A stable sort, as scipy's `np.argsort(kind="mergesort")`.
        self.merges = merges.enumerated().sorted { ($0.element.height, $0.offset) < ($1.element.height, $1.offset) }.map(\.element)
    }

    /// A label in `0..<k` per point for 1 ≤ k ≤ points; labels are numbered by first appearance.
    public func labels(clusters k: Int) -> [Int] {
        precondition((1...max(points, 1)).contains(k), "cut at \(k) clusters of \(points) points")
        var parent = Array(0..<points)
        func root(_ i: Int) -> Int {
            var r = i
            while parent[r] != r { r = parent[r] }
            var j = i
            while parent[j] != r { (parent[j], j) = (r, parent[j]) }
            return r
        }
        for merge in merges.prefix(points - k) {
            let (a, b) = (root(merge.first), root(merge.second))
            parent[max(a, b)] = min(a, b)
        }
        var numbering = [Int: Int]()
        return (0..<points).map { i in
            let r = root(i)
            if let label = numbering[r] { return label }
            numbering[r] = numbering.count
            return numbering[r]!
        }
    }
}
