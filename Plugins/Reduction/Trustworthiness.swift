import INVCore

/// How well an embedding keeps local neighbourhoods (Venna & Kaski 2001; scikit-learn's
/// `sklearn.manifold.trustworthiness` with the Euclidean metric):
///
///     T(k) = 1 − 2 / (n k (2n − 3k − 1)) · Σᵢ Σ_{j ∈ Nₖ(i) in the embedding} max(0, r(i, j) − k),
///
/// r(i, j) the rank of j among i's neighbours in the original space (1 = nearest). 1 is perfect.
///
/// - Precondition: 1 ≤ neighbours < n / 2 (scikit-learn's requirement); rows of both matrices
///   describe the same points.
/// - Complexity: n² log n for the original ranks.
public func trustworthiness(original: Matrix, embedded: Matrix, neighbours k: Int = 5) throws -> Double {
    let n = original.rows
    guard embedded.rows == n else {
        throw PluginInputError(plugin: "trustworthiness", "original has \(n) rows, embedding \(embedded.rows); expected the same points")
    }
    guard k >= 1, Double(k) < Double(n) / 2 else {
        throw PluginInputError(plugin: "trustworthiness", "neighbours must be in 1..<n/2 = \(Double(n) / 2), got \(k)")
    }
    let embeddedNeighbours = NearestNeighbours(embedded, k: k)
    var penalty = 0
    for i in 0..<n {
        let order = (0..<n).filter { $0 != i }.sorted {
            (original.squaredDistance(i, $0), $0) < (original.squaredDistance(i, $1), $1)
        }
        var rank = [Int](repeating: 0, count: n)
        for (position, j) in order.enumerated() { rank[j] = position + 1 }
        for m in 0..<k { penalty += max(0, rank[embeddedNeighbours.indices[i * k + m]] - k) }
    }
    let (nn, kk) = (Double(n), Double(k))
    return 1 - Double(penalty) * 2 / (nn * kk * (2 * nn - 3 * kk - 1))
}
