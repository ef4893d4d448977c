import INVCore

/// How the distance between two clusters is defined; each is "reducible", so the
/// nearest-neighbour chain finds the same tree as the naive O(n³) algorithm (Murtagh 1983).
public enum Linkage: String, Codable, Sendable, CaseIterable {
    /// Ward's minimum increase of within-cluster variance (Ward 1963), on Euclidean distances.
    case ward
    /// Largest pairwise distance between the clusters.
    case complete
    /// Mean pairwise distance between the clusters (UPGMA).
    case average
    /// Smallest pairwise distance between the clusters.
    case single

    /// The Lance–Williams update (scipy's `_hierarchy` formulas): the distance from cluster i to
    /// the union of x and y, given d(x,i), d(y,i), d(x,y) and the three cluster sizes.
    @inline(__always)
    func mergedDistance(_ dxi: Double, _ dyi: Double, _ dxy: Double, _ nx: Double, _ ny: Double, _ ni: Double) -> Double {
        switch self {
        case .single: return min(dxi, dyi)
        case .complete: return max(dxi, dyi)
        case .average: return (nx * dxi + ny * dyi) / (nx + ny)
        case .ward:
            let t = 1 / (nx + ny + ni)
            return ((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy).squareRoot()
        }
    }

    /// The dendrogram of the rows of `points` under this linkage and the Euclidean distance.
    ///
    /// The nearest-neighbour chain follows scipy's `nn_chain` step for step (the chain restarts
    /// at the lowest live cluster, a tie keeps the previous chain element or else the lowest
    /// index, the merged cluster takes the higher slot), so merges with equal distances come out
    /// in scipy's order; scikit-learn's `AgglomerativeClustering` cuts that same tree.
    ///
    /// - Complexity: O(n²) time and n(n − 1)/2 distances of memory.
    func dendrogram(_ points: Matrix) -> Dendrogram {
        let n = points.rows
        guard n > 1 else { return Dendrogram(points: n, merges: []) }
        var distances = CondensedDistances(points)
        var size = [Double](repeating: 1, count: n)
        var chain = [Int]()
        chain.reserveCapacity(n)
        var merges = [Dendrogram.Merge]()
        merges.reserveCapacity(n - 1)
        for _ in 0..<(n - 1) {
            if chain.isEmpty, let first = size.firstIndex(where: { $0 > 0 }) { chain.append(first) }
            var x = 0, y = 0, nearest = Double.infinity
            while true {
                x = chain[chain.count - 1]
                if chain.count > 1 {
                    y = chain[chain.count - 2]
                    nearest = distances[x, y]
                } else {
                    nearest = .infinity
                }
                for i in 0..<n where size[i] > 0 && i != x {
                    let d = distances[x, i]
                    if d < nearest {
                        nearest = d
                        y = i
                    }
                }
                if chain.count > 1, y == chain[chain.count - 2] { break }
                chain.append(y)
            }
            chain.removeLast(2)
            if x > y { swap(&x, &y) }
            let (nx, ny) = (size[x], size[y])
            merges.append(.init(first: x, second: y, height: nearest))
            size[x] = 0
            size[y] = nx + ny
            for i in 0..<n where size[i] > 0 && i != y {
                distances[i, y] = mergedDistance(distances[i, x], distances[i, y], nearest, nx, ny, size[i])
            }
        }
        return Dendrogram(points: n, merges: merges)
    }
}

/// Pairwise Euclidean distances in scipy's condensed layout (upper triangle, row by row),
/// each computed directly as √Σ(aₖ − bₖ)² like `scipy.spatial.distance.pdist`.
struct CondensedDistances {
    private(set) var values: [Double]
    let count: Int

    init(_ x: Matrix) {
        count = x.rows
        values = [Double](repeating: 0, count: count * (count - 1) / 2)
        var e = 0
        for i in 0..<count {
            for j in (i + 1)..<count {
                values[e] = x.squaredDistance(i, j).squareRoot()
                e += 1
            }
        }
    }

    @inline(__always)
    private func index(_ i: Int, _ j: Int) -> Int {
        let (a, b) = i < j ? (i, j) : (j, i)
        return count * a - a * (a + 1) / 2 + (b - a - 1)
    }

    subscript(i: Int, j: Int) -> Double {
        get { values[index(i, j)] }
        set { values[index(i, j)] = newValue }
    }
}
