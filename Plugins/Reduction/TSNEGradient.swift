import CTSNEKernels
import Foundation
import INVEngine

/// The pieces of the t-SNE gradient for a 2-D embedding (van der Maaten & Hinton 2008, Eq. 5,
/// split as in van der Maaten 2014, Eq. 3):
///
///     ∂C/∂yᵢ = 4 · ( Σⱼ pᵢⱼ wᵢⱼ (yᵢ − yⱼ)  −  (1/Z) Σⱼ wᵢⱼ² (yᵢ − yⱼ) ),   wᵢⱼ = 1 / (1 + ‖yᵢ − yⱼ‖²),
///
/// with Z = Σ_{i≠j} wᵢⱼ. Forces are interleaved (x, y) per point.
struct TSNEForces {
    /// Σⱼ pᵢⱼ wᵢⱼ (yᵢ − yⱼ), P not yet exaggerated.
    var attraction: [Double]
    /// Σⱼ wᵢⱼ² (yᵢ − yⱼ).
    var repulsion: [Double]
    var z: Double

    /// ∂C/∂y with P multiplied by `exaggeration`.
    func gradient(exaggeration: Double) -> [Double] {
        let z = max(self.z, Double.ulpOfOne)
        return attraction.indices.map { 4 * (exaggeration * attraction[$0] - repulsion[$0] / z) }
    }
}

/// Both forces over all pairs with a dense copy of P, one fused `Float` SIMD pass per row
/// (the C kernel `inv_tsne_exact_rows`: AVX2+FMA where the CPU has it, generic vectors otherwise).
///
/// Each row sums its pairs in a fixed lane order and Z adds the row sums in row order, so the
/// result is identical for any number of threads (on one machine: the two code paths round
/// differently).
///
/// - Complexity: n² pair evaluations per call over fixed blocks of ``blockRows`` rows; n² floats of memory.
struct ExactForces {
    /// Rows per parallel block (fixed: results do not depend on the thread count).
    static let blockRows = 16
    /// Below this many points one thread does all rows: spawning work costs more than it saves.
    static let parallelFrom = 192

    let count: Int
    private let dense: [Float]

    init(_ p: TSNEAffinities) {
        let n = p.rows
        var dense = [Float](repeating: 0, count: n * n)
        for i in 0..<n { for e in p.rowStart[i]..<p.rowStart[i + 1] { dense[i * n + p.columns[e]] = Float(p.values[e]) } }
        self.dense = dense
        count = n
    }

    func callAsFunction(_ points: EmbeddingPoints) -> TSNEForces {
        let n = count
        var attraction = [Double](repeating: 0, count: 2 * n), repulsion = attraction
        var rowZ = [Double](repeating: 0, count: n)
        let blocks = Parallel.ranges(n, chunk: Self.blockRows)
        points.xs.withUnsafeBufferPointer { xBuffer in
            points.ys.withUnsafeBufferPointer { yBuffer in
                dense.withUnsafeBufferPointer { pBuffer in
                    attraction.withUnsafeMutableBufferPointer { aBuffer in
                        repulsion.withUnsafeMutableBufferPointer { rBuffer in
                            rowZ.withUnsafeMutableBufferPointer { zBuffer in
                                let xs = SharedConstPointer(xBuffer.baseAddress!), ys = SharedConstPointer(yBuffer.baseAddress!)
                                let p = SharedConstPointer(pBuffer.baseAddress!)
                                let a = SharedPointer(aBuffer.baseAddress!), r = SharedPointer(rBuffer.baseAddress!)
                                let z = SharedPointer(zBuffer.baseAddress!)
                                let body: @Sendable (Int) -> Void = { b in
                                    inv_tsne_exact_rows(xs.base, ys.base, p.base, n, blocks[b].lowerBound, blocks[b].upperBound,
                                                        a.base, r.base, z.base)
                                }
                                if n >= Self.parallelFrom { Parallel.forEach(blocks.count, body) } else { for b in blocks.indices { body(b) } }
                            }
                        }
                    }
                }
            }
        }
        var z = 0.0
        for value in rowZ { z += value }
        return TSNEForces(attraction: attraction, repulsion: repulsion, z: z)
    }
}

extension TSNEAffinities {
    /// Σⱼ pᵢⱼ wᵢⱼ (yᵢ − yⱼ) over the stored (sparse) P, interleaved (x, y).
    func attraction(_ points: EmbeddingPoints) -> [Double] {
        let n = rows
        var forces = [Double](repeating: 0, count: 2 * n)
        let blocks = Parallel.ranges(n, chunk: 64)
        forces.withUnsafeMutableBufferPointer { forceBuffer in
            let force = SharedPointer(forceBuffer.baseAddress!)
            Parallel.forEach(blocks.count) { b in
                self.rowStart.withUnsafeBufferPointer { start in
                    self.columns.withUnsafeBufferPointer { column in
                        self.values.withUnsafeBufferPointer { value in
                            points.xs.withUnsafeBufferPointer { xs in
                                points.ys.withUnsafeBufferPointer { ys in
                                    for i in blocks[b] {
                                        var fx = 0.0, fy = 0.0
                                        let (xi, yi) = (Double(xs[i]), Double(ys[i]))
                                        for e in start[i]..<start[i + 1] {
                                            let dx = xi - Double(xs[column[e]]), dy = yi - Double(ys[column[e]])
                                            let pw = value[e] / (1 + dx * dx + dy * dy)
                                            fx += pw * dx
                                            fy += pw * dy
                                        }
                                        (force[2 * i], force[2 * i + 1]) = (fx, fy)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return forces
    }

    /// KL(P‖Q) the way scikit-learn's Barnes–Hut code reports it, with P scaled by `exaggeration`:
    /// Σ pᵢⱼ log(max(pᵢⱼ, tiny) / max(wᵢⱼ/Z, tiny)) over the stored pairs, in `Float` like
    /// scikit-learn (tiny is the smallest normal `Float`); rows are summed in `Double`, in order.
    func klDivergence(_ points: EmbeddingPoints, z: Double, exaggeration: Double) -> Double {
        let n = rows
        let tiny = Float.leastNormalMagnitude, inverseZ = Float(1 / max(z, Double.ulpOfOne))
        var rowKL = [Double](repeating: 0, count: n)
        let blocks = Parallel.ranges(n, chunk: 64)
        rowKL.withUnsafeMutableBufferPointer { buffer in
            let out = SharedPointer(buffer.baseAddress!)
            Parallel.forEach(blocks.count) { b in
                for i in blocks[b] {
                    var sum = 0.0
                    for e in self.rowStart[i]..<self.rowStart[i + 1] {
                        let j = self.columns[e]
                        let dx = points.xs[i] - points.xs[j], dy = points.ys[i] - points.ys[j]
                        let q = inverseZ / (1 + dx * dx + dy * dy), p = Float(self.values[e] * exaggeration)
                        sum += Double(p * log(max(p, tiny) / max(q, tiny)))
                    }
                    out[i] = sum
                }
            }
        }
        var kl = 0.0
        for value in rowKL { kl += value }
        return kl
    }
}

/// A 2-D embedding in structure-of-arrays `Float` layout, the input of the force kernels.
struct EmbeddingPoints: Sendable {
    var xs: [Float]
    var ys: [Float]
    var count: Int { xs.count }

    /// From interleaved (x, y) `Double` positions.
    init(interleaved y: [Double]) {
        let n = y.count / 2
        xs = (0..<n).map { Float(y[2 * $0]) }
        ys = (0..<n).map { Float(y[2 * $0 + 1]) }
    }
}
