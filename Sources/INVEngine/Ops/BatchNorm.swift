/// Batch normalisation at inference (Ioffe & Szegedy 2015, Eq. in Alg. 1; ONNX `BatchNormalization`
/// in test mode): per channel `c`,
///
///     y = scale[c] · (x − mean[c]) / √(variance[c] + ε) + bias[c]
///
/// Inputs: `x` `[N, C, …]` (any rank ≥ 2, channels on axis 1), then `scale`, `bias`, `mean`,
/// `variance`, each `[C]`. The running statistics are constants, so the backward rule is that of
/// an affine map: `∂x = g · scale / √(var + ε)`, plus the gradients of all four per-channel inputs
/// when asked for (sums over every axis but the channel, images in order).
///
/// ```swift
/// let y = try BatchNorm().forward([x, gamma, beta, runningMean, runningVariance])
/// ```
public struct BatchNorm: Op {
    public let epsilon: Float
    public init(epsilon: Float = 1e-5) { self.epsilon = epsilon }
    public var name: String { "batchnorm" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let (x, batch, channels, size) = try layout(inputs)
        let (scale, shift) = affine(inputs)
        guard x.count > 0 else { return x }
        return Tensor(uninitializedShape: x.shape) { out in
            let y = SharedPointer(out.baseAddress!)
            x.scalars.withUnsafeBufferPointer { xp in
                let source = SharedConstPointer(xp.baseAddress!)
                Parallel.forEach(batch * channels) { plane in
                    let (a, b) = (scale[plane % channels], shift[plane % channels])
                    let (src, dst) = (source + plane * size, y + plane * size)
                    for i in 0..<size { dst[i] = a * src[i] + b }
                }
            }
        }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        let (x, batch, channels, size) = try layout(inputs)
        guard g.shape == x.shape else { throw ShapeError(op: name, "gradient \(g.shape) does not match the output \(x.shape)") }
        let (scale, _) = affine(inputs)
        var grads = [Tensor?](repeating: nil, count: 5)
        if context.needsGradient[0] {
            grads[0] = Tensor(uninitializedShape: x.shape) { dx in
                for plane in 0..<batch * channels {
                    let a = scale[plane % channels]
                    for i in plane * size..<(plane + 1) * size { dx[i] = g.scalars[i] * a }
                }
            }
        }
        guard context.needsGradient[1...].contains(true) else { return grads }
        // Per channel: Σ g and Σ g · x̂ with x̂ = (x − mean) / √(var + ε).
        let (gamma, mean, variance) = (inputs[1].scalars, inputs[3].scalars, inputs[4].scalars)
        var sumG = [Double](repeating: 0, count: channels), sumGXhat = [Double](repeating: 0, count: channels)
        for plane in 0..<batch * channels {
            let c = plane % channels
            let invStd = 1 / (Double(variance[c]) + Double(epsilon)).squareRoot()
            var s = 0.0, sx = 0.0
            for i in plane * size..<(plane + 1) * size {
                let gi = Double(g.scalars[i])
                s += gi
                sx += gi * (Double(x.scalars[i]) - Double(mean[c])) * invStd
            }
            sumG[c] += s
            sumGXhat[c] += sx
        }
        func channelTensor(_ f: (Int) -> Double) -> Tensor { Tensor(shape: [channels], scalars: (0..<channels).map { Float(f($0)) }) }
        let invStd = (0..<channels).map { 1 / (Double(variance[$0]) + Double(epsilon)).squareRoot() }
        if context.needsGradient[1] { grads[1] = channelTensor { sumGXhat[$0] } }
        if context.needsGradient[2] { grads[2] = channelTensor { sumG[$0] } }
        if context.needsGradient[3] { grads[3] = channelTensor { -sumG[$0] * Double(gamma[$0]) * invStd[$0] } }
        // ∂y/∂var = −½ · scale · (x − mean) · (var + ε)^(−3/2) = −½ · scale · x̂ / (var + ε)
        if context.needsGradient[4] { grads[4] = channelTensor { -0.5 * Double(gamma[$0]) * sumGXhat[$0] * invStd[$0] * invStd[$0] } }
        return grads
    }

    /// Per channel `(a, b)` with `y = a · x + b`.
    private func affine(_ inputs: [Tensor]) -> (scale: [Float], shift: [Float]) {
        let (gamma, beta, mean, variance) = (inputs[1].scalars, inputs[2].scalars, inputs[3].scalars, inputs[4].scalars)
        let scale = gamma.indices.map { gamma[$0] / (variance[$0] + epsilon).squareRoot() }
        return (scale, beta.indices.map { beta[$0] - mean[$0] * scale[$0] })
    }

    private func layout(_ inputs: [Tensor]) throws -> (x: Tensor, batch: Int, channels: Int, size: Int) {
        guard inputs.count == 5 else {
            throw ShapeError(op: name, "expects inputs x, scale, bias, mean, variance; got \(inputs.count) inputs")
        }
        let x = inputs[0]
        guard x.rank >= 2 else { throw ShapeError(op: name, "input must be [N, C, …], got \(x.shape)") }
        let channels = x.shape[1]
        for (i, label) in ["scale", "bias", "mean", "variance"].enumerated() where inputs[i + 1].shape != [channels] {
            throw ShapeError(op: name, "\(label) must be [\(channels)], got \(inputs[i + 1].shape)")
        }
        return (x, x.shape[0], channels, x.shape.dropFirst(2).reduce(1, *))
    }
}
