import INVCore

/// Davies–Bouldin index (Davies & Bouldin 1979): the mean over clusters of
/// maxⱼ (sᵢ + sⱼ) / d(cᵢ, cⱼ), sᵢ the mean distance of cluster i's rows to its centroid;
/// lower is better. Equals scikit-learn's `davies_bouldin_score` (0 when every sᵢ or every
/// centroid distance is ≈ 0; coincident centroids are ignored in the maximum).
public struct DaviesBouldin: ClusterScore {
    public static let name = "davies-bouldin"
    public static let summary = "Davies–Bouldin index (1979); lower is better."
    public static let direction = Direction.lowerIsBetter

    public typealias Parameters = NoParameters

    public init(parameters: Parameters) {}

    /// NumPy's `allclose(·, 0)` absolute tolerance.
    private static let zeroTolerance = 1e-8

    public func score(_ x: Matrix, labels raw: [Int]) throws -> Double {
        try x.requireFinite(for: Self.name)
        let clusters = try ClusterLabels(raw, rows: x.rows, plugin: Self.name)
        let (n, d, k) = (x.rows, x.columns, clusters.clusterCount)
        let centroids = clusters.centroids(of: x)
        func centroidDistance(_ a: Int, _ b: Int) -> Double {
            var s = 0.0
            for j in 0..<d { s += (centroids[a * d + j] - centroids[b * d + j]) * (centroids[a * d + j] - centroids[b * d + j]) }
            return s.squareRoot()
        }
        var spread = [Double](repeating: 0, count: k)
        for i in 0..<n {
            let c = clusters.labels[i]
            var s = 0.0
            for j in 0..<d { s += (x.values[i * d + j] - centroids[c * d + j]) * (x.values[i * d + j] - centroids[c * d + j]) }
            spread[c] += s.squareRoot()
        }
        for c in 0..<k { spread[c] /= Double(clusters.sizes[c]) }
        let separations = (0..<k).flatMap { a in (0..<k).map { b in centroidDistance(a, b) } }
        if spread.allSatisfy({ abs($0) <= Self.zeroTolerance }) || separations.allSatisfy({ abs($0) <= Self.zeroTolerance }) {
            return 0
        }
        var total = 0.0
        for a in 0..<k {
            var worst = 0.0
            for b in 0..<k where b != a && separations[a * k + b] != 0 {
                worst = max(worst, (spread[a] + spread[b]) / separations[a * k + b])
            }
            total += worst
        }
        return total / Double(k)
    }
}
