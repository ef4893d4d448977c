import Foundation

/// Softmax (or log-softmax when `log` is true) along one axis.
///
/// Computed stably as `exp(x − max) / Σ exp(x − max)`. Backward:
/// softmax: `∂x = y ⊙ (g − Σ g ⊙ y)`; log-softmax: `∂x = g − softmax(x) · Σ g`.
public struct Softmax: Op {
    public let axis: Int
    public let log: Bool
    public init(axis: Int = -1, log: Bool = false) {
        self.axis = axis
        self.log = log
    }
    public var name: String { log ? "log-softmax" : "softmax" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        let (outer, n, inner) = try layout(x.shape)
        var y = x
        y.scalars.withUnsafeMutableBufferPointer { p in
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = o * n * inner + i
                    var m = -Float.infinity
                    for j in 0..<n { m = Swift.max(m, p[base + j * inner]) }
                    var s: Float = 0
                    for j in 0..<n { s += Foundation.exp(p[base + j * inner] - m) }
                    if log {
                        let logSum = Foundation.log(s) + m
                        for j in 0..<n { p[base + j * inner] -= logSum }
                    } else {
                        for j in 0..<n { p[base + j * inner] = Foundation.exp(p[base + j * inner] - m) / s }
                    }
                }
            }
        }
        return y
    }

    public func backward(_ inputs: [Tensor], output y: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        let (outer, n, inner) = try layout(y.shape)
        var dx = g
        dx.scalars.withUnsafeMutableBufferPointer { d in
            y.scalars.withUnsafeBufferPointer { yp in
                for o in 0..<outer {
                    for i in 0..<inner {
                        let base = o * n * inner + i
                        if log {
                            var total: Float = 0
                            for j in 0..<n { total += d[base + j * inner] }
                            for j in 0..<n { d[base + j * inner] -= Foundation.exp(yp[base + j * inner]) * total }
                        } else {
                            var dot: Float = 0
                            for j in 0..<n { dot += d[base + j * inner] * yp[base + j * inner] }
                            for j in 0..<n { d[base + j * inner] = yp[base + j * inner] * (d[base + j * inner] - dot) }
                        }
                    }
                }
            }
        }
        return [dx]
    }

    private func layout(_ shape: [Int]) throws -> (outer: Int, n: Int, inner: Int) {
        let a = try normalizedAxis(axis, rank: shape.count, op: name)
        guard !shape.isEmpty else { return (1, 1, 1) }
        return (shape[..<a].reduce(1, *), shape[a], shape[(a + 1)...].reduce(1, *))
    }
}
