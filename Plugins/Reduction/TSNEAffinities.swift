import Foundation
import INVCore
import INVEngine

/// The joint probabilities `P` of t-SNE (van der Maaten & Hinton 2008, Eq. 1 and the symmetric
/// p_ij = (p_j|i + p_i|j) / 2n of §3.1), restricted to each point's ⌊3·perplexity + 1⌋ nearest
/// neighbours as in van der Maaten 2014 and scikit-learn's default `method="barnes_hut"`.
///
/// Stored as a symmetric sparse matrix in compressed rows; the values sum to 1.
struct TSNEAffinities: Sendable {
    /// `rowStart[i]..<rowStart[i + 1]` indexes the neighbours of row i in `columns` and `values`.
    let rowStart: [Int]
    let columns: [Int]
    let values: [Double]

    var rows: Int { rowStart.count - 1 }

    /// Binary-search tolerance and step cap of scikit-learn's `_binary_search_perplexity` (its
    /// constants are C `float`s, hence the rounding).
    static let perplexityTolerance = Double(Float(1e-5))
    static let searchSteps = 100
    /// The floor scikit-learn puts under a row sum of zero (`EPSILON_DBL`, also a C `float`).
    static let zeroSumFloor = Double(Float(1e-8))

    /// The number of neighbours scikit-learn keeps for a perplexity: min(n − 1, ⌊3·perplexity + 1⌋).
    static func neighbourCount(perplexity: Double, samples n: Int) -> Int {
        max(0, min(n - 1, Int(3 * perplexity + 1)))
    }

    /// Affinities of the rows of `x` (squared Euclidean distances) at the given perplexity.
    init(_ x: Matrix, perplexity: Double) {
        let n = x.rows
        let neighbours = NearestNeighbours(x, k: Self.neighbourCount(perplexity: perplexity, samples: n))
        let k = neighbours.k
        // scikit-learn hands the binary search float32 distances.
        let distances = neighbours.squaredDistances.map { Double(Float($0)) }
        var conditional = [Double](repeating: 0, count: n * k)
        let blocks = Parallel.ranges(n, chunk: 32)
        conditional.withUnsafeMutableBufferPointer { buffer in
            let out = SharedPointer(buffer.baseAddress!)
            Parallel.forEach(blocks.count) { b in
                for i in blocks[b] {
                    let row = Self.conditionalRow(distances[(i * k)..<((i + 1) * k)], perplexity: perplexity)
                    for m in 0..<k { out[i * k + m] = row[m] }
                }
            }
        }

        // P + Pᵀ over the union of both neighbour patterns, then normalised to sum 1. Each row
        // collects its own neighbours and the rows that chose it, sorted by column.
        var incoming = [[(column: Int, value: Double)]](repeating: [], count: n)
        for i in 0..<n {
            for m in 0..<k { incoming[neighbours.indices[i * k + m]].append((i, conditional[i * k + m])) }
        }
        var rowStart = [Int](repeating: 0, count: n + 1)
        var columns = [Int](), values = [Double]()
        columns.reserveCapacity(2 * n * k)
        values.reserveCapacity(2 * n * k)
        for i in 0..<n {
            var entries = incoming[i]
            for m in 0..<k { entries.append((neighbours.indices[i * k + m], conditional[i * k + m])) }
            entries.sort { $0.column < $1.column }
            var e = 0
            while e < entries.count {
                // At most two entries share a column: p_j|i and p_i|j (their order is immaterial).
                var value = entries[e].value
                if e + 1 < entries.count, entries[e + 1].column == entries[e].column {
                    value += entries[e + 1].value
                    e += 1
                }
                columns.append(entries[e].column)
                values.append(value)
                e += 1
            }
            rowStart[i + 1] = columns.count
        }
        var total = 0.0
        for value in values { total += value }
        total = max(total, Double.ulpOfOne)
        self.rowStart = rowStart
        self.columns = columns
        self.values = values.map { $0 / total }
    }

    /// The conditional probabilities p_j|i over one row's neighbour distances, with the Gaussian
    /// precision β found by bisection so that exp(entropy) equals the perplexity.
    static func conditionalRow(_ distances: ArraySlice<Double>, perplexity: Double) -> [Double] {
        let d = Array(distances)
        var p = [Double](repeating: 0, count: d.count)
        let desiredEntropy = log(Double(Float(perplexity)))
        var beta = 1.0, betaMin = -Double.infinity, betaMax = Double.infinity
        for _ in 0..<searchSteps {
            var sum = 0.0
            for m in d.indices {
                p[m] = exp(-d[m] * beta)
                sum += p[m]
            }
            if sum == 0 { sum = zeroSumFloor }
            var weightedDistance = 0.0
            for m in d.indices {
                p[m] /= sum
                weightedDistance += d[m] * p[m]
            }
            let entropyDifference = log(sum) + beta * weightedDistance - desiredEntropy
            if abs(entropyDifference) <= perplexityTolerance { break }
            if entropyDifference > 0 {
                betaMin = beta
                beta = betaMax == .infinity ? beta * 2 : (beta + betaMax) / 2
            } else {
                betaMax = beta
                beta = betaMin == -.infinity ? beta / 2 : (beta + betaMin) / 2
            }
        }
        return p
    }
}
