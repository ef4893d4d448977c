/// Layer normalisation over the axes `axis…rank−1` (Ba et al. 2016; ONNX `LayerNormalization`):
/// `y = (x − μ) / √(σ² + ε) · scale + bias`, with μ and σ² the mean and (biased) variance over the
/// normalised axes. Inputs: `x`, `scale` and `bias`, the last two of the normalised shape.
public struct LayerNorm: Op {
    public let axis: Int
    public let epsilon: Float
    public init(axis: Int = -1, epsilon: Float = 1e-5) {
        self.axis = axis
        self.epsilon = epsilon
    }
    public var name: String { "layer-norm" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let (x, scale, bias) = (inputs[0], inputs[1], inputs[2])
        let (rows, n) = try layout(x.shape, scale.count, bias.count)
        return Tensor(uninitializedShape: x.shape) { out in
            x.scalars.withUnsafeBufferPointer { xp in
                for r in 0..<rows {
                    let (mean, invStd) = statistics(xp, r * n, n)
                    for j in 0..<n {
                        out[r * n + j] = (xp[r * n + j] - mean) * invStd * scale.scalars[j] + bias.scalars[j]
                    }
                }
            }
        }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        let (x, scale, bias) = (inputs[0], inputs[1], inputs[2])
        let (rows, n) = try layout(x.shape, scale.count, bias.count)
        var dx = [Float](repeating: 0, count: x.count)
        var dScale = [Float](repeating: 0, count: n), dBias = [Float](repeating: 0, count: n)
        var xhat = [Float](repeating: 0, count: n), dxhat = [Float](repeating: 0, count: n)
        x.scalars.withUnsafeBufferPointer { xp in
            for r in 0..<rows {
                let (mean, invStd) = statistics(xp, r * n, n)
                var meanD: Float = 0, meanDX: Float = 0
                for j in 0..<n {
                    let gi = g.scalars[r * n + j]
                    xhat[j] = (xp[r * n + j] - mean) * invStd
                    dxhat[j] = gi * scale.scalars[j]
                    dScale[j] += gi * xhat[j]
                    dBias[j] += gi
                    meanD += dxhat[j]
                    meanDX += dxhat[j] * xhat[j]
                }
                meanD /= Float(n)
                meanDX /= Float(n)
                for j in 0..<n { dx[r * n + j] = invStd * (dxhat[j] - meanD - xhat[j] * meanDX) }
            }
        }
        return [
            context.needsGradient[0] ? Tensor(shape: x.shape, scalars: dx) : nil,
            context.needsGradient[1] ? Tensor(shape: scale.shape, scalars: dScale) : nil,
            context.needsGradient[2] ? Tensor(shape: bias.shape, scalars: dBias) : nil,
        ]
    }

    @inline(__always)
    private func statistics(_ p: UnsafeBufferPointer<Float>, _ start: Int, _ n: Int) -> (mean: Float, invStd: Float) {
        var mean: Float = 0
        for j in 0..<n { mean += p[start + j] }
        mean /= Float(n)
        var variance: Float = 0
        for j in 0..<n { let d = p[start + j] - mean; variance += d * d }
        variance /= Float(n)
        return (mean, 1 / (variance + epsilon).squareRoot())
    }

    private func layout(_ shape: [Int], _ scaleCount: Int, _ biasCount: Int) throws -> (rows: Int, n: Int) {
        let a = try normalizedAxis(axis, rank: shape.count, op: name)
        let n = shape[a...].reduce(1, *)
        guard scaleCount == n, biasCount == n else {
            throw ShapeError(op: name, "scale and bias need \(n) elements (shape \(Array(shape[a...]))), got \(scaleCount) and \(biasCount)")
        }
        return (shape.elementCount / Swift.max(n, 1), n)
    }
}
