import Foundation
import INVEngine

/// The gradient of the t-SNE objective KL(P‖Q) for a 2-D embedding (van der Maaten & Hinton
/// 2008, Eq. 5), split as in van der Maaten 2014, Eq. 3:
///
///     ∂C/∂yᵢ = 4 · ( Σⱼ pᵢⱼ wᵢⱼ (yᵢ − yⱼ)  −  (1/Z) Σⱼ wᵢⱼ² (yᵢ − yⱼ) ),   wᵢⱼ = 1 / (1 + ‖yᵢ − yⱼ‖²),
///
/// with Z = Σ_{i≠j} wᵢⱼ. The attractive term runs over the sparse P only; the repulsive term and
/// Z come from ``exactRepulsion(_:)`` (all pairs) or ``BarnesHutTree`` (angle θ).
enum TSNEGradient {
    /// Rows per parallel block of the all-pairs kernel (fixed: results do not depend on threads).
    static let blockRows = 16

    /// Σⱼ wᵢⱼ² (yᵢ − yⱼ) for every i (interleaved x, y) and Z, over all pairs, in `Float` SIMD.
    ///
    /// Each row is summed in a fixed lane order and Z adds the row sums in row order, so the
    /// result is identical for any number of threads.
    ///
    /// - Complexity: n² pair evaluations, split over fixed blocks of ``blockRows`` rows.
    static func exactRepulsion(_ points: EmbeddingPoints) -> (forces: [Double], z: Double) {
        let n = points.count
        var forces = [Double](repeating: 0, count: 2 * n)
        var rowZ = [Double](repeating: 0, count: n)
        let blocks = Parallel.ranges(n, chunk: blockRows)
        points.xs.withUnsafeBufferPointer { xBuffer in
            points.ys.withUnsafeBufferPointer { yBuffer in
                forces.withUnsafeMutableBufferPointer { forceBuffer in
                    rowZ.withUnsafeMutableBufferPointer { zBuffer in
                        let xs = SharedConstPointer(xBuffer.baseAddress!), ys = SharedConstPointer(yBuffer.baseAddress!)
                        let force = SharedPointer(forceBuffer.baseAddress!), z = SharedPointer(zBuffer.baseAddress!)
                        Parallel.forEach(blocks.count) { b in
                            for i in blocks[b] {
                                let row = repulsionRow(i, xs: xs.base, ys: ys.base, count: n)
                                force[2 * i] = row.x
                                force[2 * i + 1] = row.y
                                z[i] = row.z
                            }
                        }
                    }
                }
            }
        }
        var z = 0.0
        for value in rowZ { z += value }
        return (forces, z)
    }

    /// One row of the all-pairs kernel: (Σⱼ wᵢⱼ² Δx, Σⱼ wᵢⱼ² Δy, Σ_{j≠i} wᵢⱼ).
    @inline(__always)
    private static func repulsionRow(_ i: Int, xs: UnsafePointer<Float>, ys: UnsafePointer<Float>, count n: Int)
        -> (x: Double, y: Double, z: Double)
    {
        typealias Lanes = SIMD8<Float>
        let xi = Lanes(repeating: xs[i]), yi = Lanes(repeating: ys[i]), one = Lanes(repeating: 1)
        var sumW = Lanes(), sumX = Lanes(), sumY = Lanes()
        var j = 0
        while j + Lanes.scalarCount <= n {
            let dx = xi - UnsafeRawPointer(xs + j).loadUnaligned(as: Lanes.self)
            let dy = yi - UnsafeRawPointer(ys + j).loadUnaligned(as: Lanes.self)
            let w = one / (one + dx * dx + dy * dy)
            let w2 = w * w
            sumW += w
            sumX += w2 * dx
            sumY += w2 * dy
            j += Lanes.scalarCount
        }
        var tailW: Float = 0, tailX: Float = 0, tailY: Float = 0
        while j < n {
            let dx = xs[i] - xs[j], dy = ys[i] - ys[j]
            let w = 1 / (1 + dx * dx + dy * dy)
            tailW += w
            tailX += w * w * dx
            tailY += w * w * dy
            j += 1
        }
        // The self pair contributes w = 1 exactly (and no force); take it out of Z.
        return (Double(sumX.sum() + tailX), Double(sumY.sum() + tailY), Double(sumW.sum() + tailW) - 1)
    }

    /// Σⱼ pᵢⱼ wᵢⱼ (yᵢ − yⱼ) over the sparse P (scaled by `exaggeration`) and, when asked, the
    /// KL divergence the way scikit-learn's Barnes–Hut code reports it:
    /// Σ pᵢⱼ log(max(pᵢⱼ, tiny) / max(wᵢⱼ/Z, tiny)) with tiny the smallest normal `Float`.
    static func attraction(_ p: TSNEAffinities, positions y: [Double], exaggeration: Double,
                           z: Double?) -> (forces: [Double], kl: Double?)
    {
        let n = p.rows
        var forces = [Double](repeating: 0, count: 2 * n)
        var rowKL = [Double](repeating: 0, count: n)
        let tiny = Double(Float.leastNormalMagnitude)
        let blocks = Parallel.ranges(n, chunk: 64)
        forces.withUnsafeMutableBufferPointer { forceBuffer in
            rowKL.withUnsafeMutableBufferPointer { klBuffer in
                let force = SharedPointer(forceBuffer.baseAddress!), kl = SharedPointer(klBuffer.baseAddress!)
                Parallel.forEach(blocks.count) { b in
                    for i in blocks[b] {
                        var fx = 0.0, fy = 0.0, divergence = 0.0
                        for e in p.rowStart[i]..<p.rowStart[i + 1] {
                            let j = p.columns[e]
                            let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                            let w = 1 / (1 + dx * dx + dy * dy)
                            let pij = p.values[e] * exaggeration
                            fx += pij * w * dx
                            fy += pij * w * dy
                            if let z { divergence += pij * log(max(pij, tiny) / max(w / z, tiny)) }
                        }
                        force[2 * i] = fx
                        force[2 * i + 1] = fy
                        kl[i] = divergence
                    }
                }
            }
        }
        guard z != nil else { return (forces, nil) }
        var kl = 0.0
        for value in rowKL { kl += value }
        return (forces, kl)
    }
}

/// A 2-D embedding in structure-of-arrays `Float` layout, the input of the repulsion kernels.
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
