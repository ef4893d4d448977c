import INVCore

/// Labels checked and renumbered `0..<k` (in order of first appearance) for the scores, which,
/// like scikit-learn's `check_number_of_labels`, need 2 ≤ k ≤ n − 1 clusters.
struct ClusterLabels {
    let labels: [Int]
    let clusterCount: Int
    let sizes: [Int]

    init(_ raw: [Int], rows: Int, plugin: String) throws {
        guard raw.count == rows else {
            throw PluginInputError(plugin: plugin, "got \(raw.count) labels for \(rows) rows; expected one label per row")
        }
        var numbering = [Int: Int]()
        labels = raw.map { label in
            if let compact = numbering[label] { return compact }
            numbering[label] = numbering.count
            return numbering.count - 1
        }
        clusterCount = numbering.count
        guard clusterCount >= 2, clusterCount <= rows - 1 else {
            throw PluginInputError(plugin: plugin, "needs 2 ≤ clusters ≤ rows − 1 = \(rows - 1), got \(clusterCount) clusters")
        }
        var sizes = [Int](repeating: 0, count: clusterCount)
        for label in labels { sizes[label] += 1 }
        self.sizes = sizes
    }

    /// k × d cluster means.
    func centroids(of x: Matrix) -> [Double] {
        let d = x.columns
        var sums = [Double](repeating: 0, count: clusterCount * d)
        for i in 0..<x.rows { for j in 0..<d { sums[labels[i] * d + j] += x.values[i * d + j] } }
        for c in 0..<clusterCount { for j in 0..<d { sums[c * d + j] /= Double(sizes[c]) } }
        return sums
    }
}
