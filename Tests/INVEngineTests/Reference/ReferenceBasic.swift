import Foundation
@testable import INVEngine

/// Plain Float64 reference kernels for the non-spatial ops: straightforward index loops with no
/// fast paths. They are the oracle for the fast kernels and the function finite differences run on.
enum Ref {
    static func broadcastBinary(_ a: DTensor, _ b: DTensor, _ f: (Double, Double) -> Double) throws -> DTensor {
        let shape = try Broadcast.shape(a.shape, b.shape)
        var out = DTensor(repeating: 0, shape: shape)
        for (o, index) in DTensor.indices(of: shape).enumerated() {
            func project(_ s: [Int]) -> [Int] {
                let lead = shape.count - s.count
                return s.indices.map { s[$0] == 1 ? 0 : index[lead + $0] }
            }
            out.values[o] = f(a[project(a.shape)], b[project(b.shape)])
        }
        return out
    }

    static func unary(_ kind: Unary.Kind, _ x: DTensor) -> DTensor {
        let f: (Double) -> Double = switch kind {
        case .relu: { max($0, 0) }
        case .sigmoid: { 1 / (1 + Foundation.exp(-$0)) }
        case .tanh: { Foundation.tanh($0) }
        case .gelu: { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
        case .exp: { Foundation.exp($0) }
        case .log: { Foundation.log($0) }
        case .sqrt: { $0.squareRoot() }
        case .neg: { -$0 }
        case .abs: { Swift.abs($0) }
        case .reciprocal: { 1 / $0 }
        case .erf: { Foundation.erf($0) }
        }
        return DTensor(shape: x.shape, values: x.values.map(f))
    }

    static func reduce(_ x: DTensor, axes: [Int], keepDims: Bool, mean: Bool) -> DTensor {
        let axes = axes.isEmpty ? Array(x.shape.indices) : axes.map { $0 < 0 ? $0 + x.shape.count : $0 }
        let kept = x.shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        var out = DTensor(repeating: 0, shape: kept)
        for index in DTensor.indices(of: x.shape) {
            let o = index.enumerated().map { axes.contains($0.offset) ? 0 : $0.element }
            out[o] += x[index]
        }
        if mean {
            let n = Double(axes.reduce(1) { $0 * x.shape[$1] })
            out.values = out.values.map { $0 / n }
        }
        if !keepDims { out.shape = x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element) }
        return out
    }

    /// Softmax over `axis`, naive: exp(x) / Σ exp(x).
    static func softmax(_ x: DTensor, axis: Int, log: Bool) -> DTensor {
        let a = axis < 0 ? axis + x.shape.count : axis
        var out = x
        for index in DTensor.indices(of: x.shape) {
            var total = 0.0
            var j = index
            for k in 0..<x.shape[a] { j[a] = k; total += Foundation.exp(x[j]) }
            out[index] = log ? x[index] - Foundation.log(total) : Foundation.exp(x[index]) / total
        }
        return out
    }

    static func layerNorm(_ x: DTensor, _ scale: DTensor, _ bias: DTensor, axis: Int, epsilon: Double) -> DTensor {
        let a = axis < 0 ? axis + x.shape.count : axis
        let n = x.shape[a...].reduce(1, *), rows = x.count / n
        var out = x
        for r in 0..<rows {
            let row = Array(x.values[(r * n)..<((r + 1) * n)])
            let mean = row.reduce(0, +) / Double(n)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
            for j in 0..<n {
                out.values[r * n + j] = (row[j] - mean) / (variance + epsilon).squareRoot() * scale.values[j] + bias.values[j]
            }
        }
        return out
    }

    /// Batched matmul by the definition, batch axes broadcast.
    static func matmul(_ a: DTensor, _ b: DTensor, transposeA: Bool, transposeB: Bool) throws -> DTensor {
        let a2 = a.shape.count == 1 ? DTensor(shape: [1] + a.shape, values: a.values) : a
        let b2 = b.shape.count == 1 ? DTensor(shape: b.shape + [1], values: b.values) : b
        let (ra, rb) = (a2.shape.count, b2.shape.count)
        let m = transposeA ? a2.shape[ra - 1] : a2.shape[ra - 2], k = transposeA ? a2.shape[ra - 2] : a2.shape[ra - 1]
        let n = transposeB ? b2.shape[rb - 2] : b2.shape[rb - 1]
        let batch = try Broadcast.shape(Array(a2.shape.dropLast(2)), Array(b2.shape.dropLast(2)))
        var out = DTensor(repeating: 0, shape: batch + [m, n])
        for index in DTensor.indices(of: out.shape) {
            let bi = Array(index.dropLast(2)), (i, j) = (index[index.count - 2], index[index.count - 1])
            func project(_ s: [Int]) -> [Int] {
                let batchShape = Array(s.dropLast(2)), lead = bi.count - batchShape.count
                return batchShape.indices.map { batchShape[$0] == 1 ? 0 : bi[lead + $0] }
            }
            var s = 0.0
            for p in 0..<k {
                let av = a2[project(a2.shape) + (transposeA ? [p, i] : [i, p])]
                let bv = b2[project(b2.shape) + (transposeB ? [j, p] : [p, j])]
                s += av * bv
            }
            out[index] = s
        }
        var shape = out.shape
        if b.shape.count == 1 { shape.removeLast() }
        if a.shape.count == 1 { shape.remove(at: shape.count - (b.shape.count == 1 ? 1 : 2)) }
        out.shape = shape
        return out
    }

    static func transpose(_ x: DTensor, _ perm: [Int]) -> DTensor {
        var out = DTensor(repeating: 0, shape: perm.map { x.shape[$0] })
        for index in DTensor.indices(of: out.shape) {
            var source = [Int](repeating: 0, count: perm.count)
            for (i, p) in perm.enumerated() { source[p] = index[i] }
            out[index] = x[source]
        }
        return out
    }

    static func concat(_ xs: [DTensor], axis: Int) -> DTensor {
        var shape = xs[0].shape
        shape[axis] = xs.reduce(0) { $0 + $1.shape[axis] }
        var out = DTensor(repeating: 0, shape: shape)
        for index in DTensor.indices(of: shape) {
            var k = index[axis], t = 0
            while k >= xs[t].shape[axis] { k -= xs[t].shape[axis]; t += 1 }
            var source = index
            source[axis] = k
            out[index] = xs[t][source]
        }
        return out
    }

    /// ONNX Slice by its specification: index lists per axis, clamped like Python slicing.
    static func slice(_ x: DTensor, starts: [Int], ends: [Int], axes: [Int], steps: [Int]) -> DTensor {
        var selections = x.shape.map { Array(0..<$0) }
        for (j, axis) in axes.enumerated() {
            let dim = x.shape[axis], step = steps[j]
            var i = starts[j] < 0 ? starts[j] + dim : starts[j]
            var end = ends[j] < 0 ? ends[j] + dim : ends[j]
            var picked: [Int] = []
            if step > 0 {
                i = min(max(i, 0), dim); end = min(max(end, 0), dim)
                while i < end { picked.append(i); i += step }
            } else {
                i = min(max(i, 0), dim - 1); end = min(max(end, -1), dim - 1)
                while i > end { picked.append(i); i += step }
            }
            selections[axis] = picked
        }
        var out = DTensor(repeating: 0, shape: selections.map(\.count))
        for index in DTensor.indices(of: out.shape) {
            out[index] = x[index.enumerated().map { selections[$0.offset][$0.element] }]
        }
        return out
    }

    static func gather(_ x: DTensor, axis: Int, indices: [Int], indicesShape: [Int]) -> DTensor {
        let shape = Array(x.shape[..<axis]) + indicesShape + Array(x.shape[(axis + 1)...])
        var out = DTensor(repeating: 0, shape: shape)
        for index in DTensor.indices(of: shape) {
            let flat = indicesShape.isEmpty ? 0 : indicesShape.offset(of: Array(index[axis..<(axis + indicesShape.count)]))
            var i = indices[flat]
            if i < 0 { i += x.shape[axis] }
            out[index] = x[Array(index[..<axis]) + [i] + Array(index[(axis + indicesShape.count)...])]
        }
        return out
    }

    static func lrn(_ x: DTensor, size: Int, alpha: Double, beta: Double, bias: Double) -> DTensor {
        var out = x
        let c = x.shape[1]
        for index in DTensor.indices(of: x.shape) {
            var s = 0.0, j = index
            for i in max(0, index[1] - (size - 1) / 2)...min(c - 1, index[1] + (size - 1) - (size - 1) / 2) {
                j[1] = i
                s += x[j] * x[j]
            }
            out[index] = x[index] / Foundation.pow(bias + alpha / Double(size) * s, beta)
        }
        return out
    }
}
