import INVCore
import INVEngine

/// Mean silhouette coefficient (Rousseeuw 1987) with Euclidean distances: for each row,
/// s = (b − a) / max(a, b), a the mean distance to the rest of its cluster, b the smallest mean
/// distance to another cluster; 0 for a row alone in its cluster. Thesis §3.3.3 and §4.2 choose
/// k in 3…8 by the largest mean silhouette. Equals scikit-learn's `silhouette_score`.
///
/// - Complexity: n² distances, over fixed blocks of rows in parallel; the sum is taken in row order.
public struct Silhouette: ClusterScore {
    public static let name = "silhouette"
    public static let summary = "Mean silhouette coefficient (Rousseeuw 1987), Euclidean; higher is better (thesis default)."
    public static let direction = Direction.higherIsBetter

    public typealias Parameters = NoParameters

    public init(parameters: Parameters) {}

    public func score(_ x: Matrix, labels raw: [Int]) throws -> Double {
        try x.requireFinite(for: Self.name)
        let clusters = try ClusterLabels(raw, rows: x.rows, plugin: Self.name)
        let (n, k) = (x.rows, clusters.clusterCount)
        var coefficients = [Double](repeating: 0, count: n)
        let blocks = Parallel.ranges(n, chunk: 32)
        coefficients.withUnsafeMutableBufferPointer { buffer in
            let out = SharedPointer(buffer.baseAddress!)
            Parallel.forEach(blocks.count) { b in
                var sums = [Double](repeating: 0, count: k)
                for i in blocks[b] {
                    for c in 0..<k { sums[c] = 0 }
                    for j in 0..<n where j != i { sums[clusters.labels[j]] += x.squaredDistance(i, j).squareRoot() }
                    let own = clusters.labels[i]
                    guard clusters.sizes[own] > 1 else { out[i] = 0; continue }
                    let a = sums[own] / Double(clusters.sizes[own] - 1)
                    var b = Double.infinity
                    for c in 0..<k where c != own { b = min(b, sums[c] / Double(clusters.sizes[c])) }
                    let scale = max(a, b)
                    out[i] = scale > 0 ? (b - a) / scale : 0
                }
            }
        }
        var total = 0.0
        for value in coefficients { total += value }
        return total / Double(n)
    }
}
