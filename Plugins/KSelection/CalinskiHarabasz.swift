import INVCore

/// Calinski–Harabasz variance ratio (Caliński & Harabasz 1974):
/// [tr(B) / (k − 1)] / [tr(W) / (n − k)], B the between-cluster and W the within-cluster
/// dispersion; 1 when W = 0, as scikit-learn's `calinski_harabasz_score`, which it equals.
public struct CalinskiHarabasz: ClusterScore {
    public static let name = "calinski-harabasz"
    public static let summary = "Calinski–Harabasz variance ratio (1974); higher is better."
    public static let direction = Direction.higherIsBetter

    public typealias Parameters = NoParameters

    public init(parameters: Parameters) {}

    public func score(_ x: Matrix, labels raw: [Int]) throws -> Double {
        try x.requireFinite(for: Self.name)
        let clusters = try ClusterLabels(raw, rows: x.rows, plugin: Self.name)
        let (n, d, k) = (x.rows, x.columns, clusters.clusterCount)
        let centroids = clusters.centroids(of: x)
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += x.values[i * d + j] } }
        for j in 0..<d { mean[j] /= Double(n) }
        var between = 0.0, within = 0.0
        for c in 0..<k {
            var s = 0.0
            for j in 0..<d { s += (centroids[c * d + j] - mean[j]) * (centroids[c * d + j] - mean[j]) }
            between += Double(clusters.sizes[c]) * s
        }
        for i in 0..<n {
            let c = clusters.labels[i]
            for j in 0..<d { within += (x.values[i * d + j] - centroids[c * d + j]) * (x.values[i * d + j] - centroids[c * d + j]) }
        }
        guard within != 0 else { return 1 }
        return between * Double(n - k) / (within * Double(k - 1))
    }
}
