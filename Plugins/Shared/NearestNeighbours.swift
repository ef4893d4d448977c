import INVCore
import INVEngine

/// The k nearest other rows of every row by squared Euclidean distance (brute force).
///
/// Distances use the same expansion as scikit-learn's `euclidean_distances`,
/// ‖a‖² + ‖b‖² − 2a·b clamped at 0, with the dot products from `dgemm` over fixed blocks of
/// rows; ties are broken by the smaller row index so the result is fully deterministic.
///
/// - Complexity: n² · d multiply-adds and n² · log k comparisons (at worst), memory O(n · k).
struct NearestNeighbours: Sendable {
    /// Rows × k neighbour indices, nearest first.
    let indices: [Int]
    /// Rows × k squared distances matching `indices`.
    let squaredDistances: [Double]
    let k: Int

    /// Rows per `dgemm` block; fixed so results do not depend on the thread count.
    private static let blockRows = 64

    init(_ x: Matrix, k requested: Int) {
        let n = x.rows, d = x.columns
        let k = max(0, min(requested, n - 1))
        self.k = k
        var norms = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = 0.0
            for j in 0..<d { s += x.values[i * d + j] * x.values[i * d + j] }
            norms[i] = s
        }
        var indices = [Int](repeating: 0, count: n * k)
        var distances = [Double](repeating: 0, count: n * k)
        guard k > 0 else {
            self.indices = indices
            self.squaredDistances = distances
            return
        }
        let blocks = Parallel.ranges(n, chunk: Self.blockRows)
        x.values.withUnsafeBufferPointer { xBuffer in
            indices.withUnsafeMutableBufferPointer { indexBuffer in
                distances.withUnsafeMutableBufferPointer { distanceBuffer in
                    let xs = SharedConstPointer(xBuffer.baseAddress!)
                    let out = SharedPointer(indexBuffer.baseAddress!), outDistance = SharedPointer(distanceBuffer.baseAddress!)
                    let norms = norms
                    Parallel.forEach(blocks.count) { b in
                        let rows = blocks[b]
                        var dots = [Double](repeating: 0, count: rows.count * n)
                        dots.withUnsafeMutableBufferPointer { dot in
                            LinearAlgebra.dgemm(transposeB: true, m: rows.count, n: n, k: d,
                                                a: xs + rows.lowerBound * d, lda: d, b: xs.base, ldb: d,
                                                c: dot.baseAddress!, ldc: n)
                        }
                        var best = NearestSet(capacity: k)
                        for (r, i) in rows.enumerated() {
                            best.removeAll()
                            for j in 0..<n where j != i {
                                best.offer(max(norms[i] + norms[j] - 2 * dots[r * n + j], 0), j)
                            }
                            for m in 0..<k {
                                out[i * k + m] = best.indices[m]
                                outDistance[i * k + m] = best.distances[m]
                            }
                        }
                    }
                }
            }
        }
        self.indices = indices
        self.squaredDistances = distances
    }
}

/// The `capacity` smallest (distance, index) pairs offered so far, kept sorted.
private struct NearestSet {
    let capacity: Int
    var distances: [Double] = []
    var indices: [Int] = []

    init(capacity: Int) {
        self.capacity = capacity
        distances.reserveCapacity(capacity + 1)
        indices.reserveCapacity(capacity + 1)
    }

    mutating func removeAll() {
        distances.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
    }

    /// Inserts the pair if it is among the smallest; equal distances keep the smaller index first
    /// (indices are offered in increasing order, so "after the equal ones" is that order).
    mutating func offer(_ distance: Double, _ index: Int) {
        if distances.count == capacity {
            guard distance < distances[capacity - 1] else { return }
            distances.removeLast()
            indices.removeLast()
        }
        var position = distances.count
        while position > 0, distances[position - 1] > distance { position -= 1 }
        distances.insert(distance, at: position)
        indices.insert(index, at: position)
    }
}
