import Foundation
import INVCore

/// The rows k-means works on: centred (as scikit-learn does, for precision), with the mean kept
/// to report centres in the input's coordinates.
struct KMeansData {
    let x: Matrix
    let mean: [Double]
    /// Mean per-feature variance, the unit of the convergence tolerance.
    let meanVariance: Double

    init(_ input: Matrix) {
        let (n, d) = (input.rows, input.columns)
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += input[i, j] } }
        for j in 0..<d { mean[j] /= Double(max(n, 1)) }
        var centred = input
        var variance = 0.0
        for i in 0..<n {
            for j in 0..<d {
                centred.values[i * d + j] -= mean[j]
                variance += centred.values[i * d + j] * centred.values[i * d + j]
            }
        }
        x = centred
        self.mean = mean
        meanVariance = d > 0 && n > 0 ? variance / Double(n) / Double(d) : 0
    }

    private func squaredDistance(row i: Int, to centre: ArraySlice<Double>) -> Double {
        var s = 0.0, c = centre.startIndex
        for j in 0..<x.columns {
            let diff = x.values[i * x.columns + j] - centre[c]
            s += diff * diff
            c += 1
        }
        return s
    }

    /// Greedy k-means++: the first centre uniformly, then each next centre the best (lowest
    /// potential) of 2 + ⌊ln k⌋ candidates drawn with probability ∝ squared distance.
    func plusPlus(k: Int, random: inout SeededRandom) -> [Double] {
        let (n, d) = (x.rows, x.columns)
        let trials = 2 + Int(log(Double(k)))
        var centres = [Double](repeating: 0, count: k * d)
        let first = min(Int(random.uniform() * Double(n)), n - 1)
        centres.replaceSubrange(0..<d, with: x.row(first))
        var closest = (0..<n).map { squaredDistance(row: $0, to: x.row(first)) }
        var potential = closest.reduce(0, +)
        for c in 1..<max(k, 1) {
            var cumulative = [Double](repeating: 0, count: n)
            var running = 0.0
            for i in 0..<n { running += closest[i]; cumulative[i] = running }
            var bestCandidate = 0, bestPotential = Double.infinity, bestDistances = closest
            for _ in 0..<trials {
                let target = random.uniform() * potential
                // First index whose cumulative sum reaches the target (NumPy's searchsorted, left).
                var low = 0, high = n
                while low < high {
                    let mid = (low + high) / 2
                    if cumulative[mid] < target { low = mid + 1 } else { high = mid }
                }
                let candidate = min(low, n - 1)
                var distances = closest
                for i in 0..<n { distances[i] = min(distances[i], squaredDistance(row: i, to: x.row(candidate))) }
                let candidatePotential = distances.reduce(0, +)
                if candidatePotential < bestPotential {
                    (bestCandidate, bestPotential, bestDistances) = (candidate, candidatePotential, distances)
                }
            }
            centres.replaceSubrange((c * d)..<((c + 1) * d), with: x.row(bestCandidate))
            closest = bestDistances
            potential = bestPotential
        }
        return centres
    }

    /// Lloyd iterations from `initial` (k × d, centred coordinates).
    func lloyd(initial: [Double], maxIterations: Int, tolerance: Double) -> KMeansResult {
        let (n, d) = (x.rows, x.columns)
        let k = initial.count / max(d, 1)
        var centres = initial
        var labels = [Int](repeating: -1, count: n)
        var iterations = 0, converged = false
        let shiftTolerance = tolerance * meanVariance
        for iteration in 0..<maxIterations {
            iterations = iteration + 1
            let previous = labels
            labels = assign(centres, k: k)
            let updated = updatedCentres(labels: labels, old: centres, k: k)
            var shift = 0.0
            for m in centres.indices { shift += (updated[m] - centres[m]) * (updated[m] - centres[m]) }
            centres = updated
            if labels == previous { converged = true; break }
            if shift <= shiftTolerance { break }
        }
        // As scikit-learn: unless the labels were stable, label once more against the final centres.
        if !converged { labels = assign(centres, k: k) }
        var inertia = 0.0
        for i in 0..<n { inertia += squaredDistance(row: i, to: centres[(labels[i] * d)..<((labels[i] + 1) * d)]) }
        var inInputCoordinates = centres
        for c in 0..<k { for j in 0..<d { inInputCoordinates[c * d + j] += mean[j] } }
        return KMeansResult(labels: labels, centres: Matrix(rows: k, columns: d, values: inInputCoordinates),
                            inertia: inertia, iterations: iterations)
    }

    /// The nearest centre of every row (the lower index on ties).
    private func assign(_ centres: [Double], k: Int) -> [Int] {
        let d = x.columns
        return (0..<x.rows).map { i in
            var best = 0, bestDistance = Double.infinity
            for c in 0..<k {
                let distance = squaredDistance(row: i, to: centres[(c * d)..<((c + 1) * d)])
                if distance < bestDistance { (best, bestDistance) = (c, distance) }
            }
            return best
        }
    }

    /// Cluster means; an empty cluster takes the point farthest from its (old) centre, as in
    /// scikit-learn's `_relocate_empty_clusters_dense`.
    private func updatedCentres(labels: [Int], old: [Double], k: Int) -> [Double] {
        let (n, d) = (x.rows, x.columns)
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Double](repeating: 0, count: k)
        for i in 0..<n {
            counts[labels[i]] += 1
            for j in 0..<d { sums[labels[i] * d + j] += x.values[i * d + j] }
        }
        let empty = (0..<k).filter { counts[$0] == 0 }
        if !empty.isEmpty {
            let far = (0..<n).map { ($0, squaredDistance(row: $0, to: old[(labels[$0] * d)..<((labels[$0] + 1) * d)])) }
                .sorted { ($0.1, $1.0) > ($1.1, $0.0) }
            for (slot, cluster) in empty.enumerated() where slot < far.count {
                let point = far[slot].0, owner = labels[point]
                for j in 0..<d {
                    sums[owner * d + j] -= x.values[point * d + j]
                    sums[cluster * d + j] = x.values[point * d + j]
                }
                counts[owner] -= 1
                counts[cluster] = 1
            }
        }
        for c in 0..<k where counts[c] > 0 { for j in 0..<d { sums[c * d + j] /= counts[c] } }
        return sums
    }
}
