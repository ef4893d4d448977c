import Foundation

/// Local response normalisation across channels (Krizhevsky et al. 2012; ONNX `LRN`) on NCHW:
/// `y_c = x_c / (bias + alpha/size · Σ_{i∈W(c)} x_i²)^beta`, with the window
/// `W(c) = [c − ⌊(size−1)/2⌋, c + ⌈(size−1)/2⌉]` clipped to the channels.
public struct LRN: Op {
    public let size: Int, alpha: Float, beta: Float, bias: Float
    public init(size: Int, alpha: Float = 1e-4, beta: Float = 0.75, bias: Float = 1) {
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.bias = bias
    }
    public var name: String { "lrn" }

    /// `bias + alpha/size · Σ x²` over each channel's window.
    private func denominators(_ x: Tensor) -> [Float] {
        let (n, c) = (x.shape[0], x.shape[1]), plane = x.shape[2...].reduce(1, *)
        let below = (size - 1) / 2, above = size - 1 - below
        var d = [Float](repeating: 0, count: x.count)
        for b in 0..<n {
            for ch in 0..<c {
                for p in 0..<plane {
                    var s: Float = 0
                    for i in Swift.max(0, ch - below)...Swift.min(c - 1, ch + above) {
                        let v = x.scalars[(b * c + i) * plane + p]
                        s += v * v
                    }
                    d[(b * c + ch) * plane + p] = bias + alpha / Float(size) * s
                }
            }
        }
        return d
    }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        guard x.rank >= 3 else { throw ShapeError(op: name, "needs [N, C, …], got \(x.shape)") }
        let d = denominators(x)
        return Tensor(shape: x.shape, scalars: zip(x.scalars, d).map { $0 * Foundation.pow($1, -beta) })
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        let x = inputs[0]
        let d = denominators(x)
        let (n, c) = (x.shape[0], x.shape[1]), plane = x.shape[2...].reduce(1, *)
        let below = (size - 1) / 2, above = size - 1 - below
        // Direct term plus, for every channel whose window holds i, −β·g_c·x_c·d_c^(−β−1)·(2α/size)·x_i.
        var dx = (0..<x.count).map { g.scalars[$0] * Foundation.pow(d[$0], -beta) }
        let coefficient = -beta * 2 * alpha / Float(size)
        for b in 0..<n {
            for ch in 0..<c {
                for p in 0..<plane {
                    let k = (b * c + ch) * plane + p
                    let common = coefficient * g.scalars[k] * x.scalars[k] * Foundation.pow(d[k], -beta - 1)
                    for i in Swift.max(0, ch - below)...Swift.min(c - 1, ch + above) {
                        let j = (b * c + i) * plane + p
                        dx[j] += common * x.scalars[j]
                    }
                }
            }
        }
        return [Tensor(shape: x.shape, scalars: dx)]
    }
}
