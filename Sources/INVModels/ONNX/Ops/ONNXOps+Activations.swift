import INVEngine

/// Activation functions. Those the engine has as one op map to it; the others are composed from
/// engine ops with the same arithmetic as ONNX's definition (so their gradients come for free):
/// `LeakyRelu(x) = relu(x) − α·relu(−x)`, `Elu(x) = relu(x) + α·(exp(−relu(−x)) − 1)`, ….
extension ONNXOps {
    static func Relu(_ n: NodeContext) throws -> [ImportValue] { try unary(n, .relu) { Swift.max($0, 0) } }
    static func Sigmoid(_ n: NodeContext) throws -> [ImportValue] { try unary(n, .sigmoid) }
    static func Tanh(_ n: NodeContext) throws -> [ImportValue] { try unary(n, .tanh) }

    /// `Gelu` (opset 20): only the exact form, `approximate = "none"`.
    static func Gelu(_ n: NodeContext) throws -> [ImportValue] {
        let approximate = try n.string("approximate", default: "none")
        guard approximate == "none" else { throw n.invalid("approximate", "is '\(approximate)'; only 'none' (the erf form) is supported") }
        return try unary(n, .gelu)
    }

    /// `Clip`: bounds are attributes `min`/`max` before opset 11 (defaults: the float range), optional
    /// inputs 1 and 2 from opset 11 (absent: unbounded); inputs must be constants.
    static func Clip(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "input")
        n.ignore("consumed_inputs")
        let low: ONNXTensor?, high: ONNXTensor?
        if n.opset < 11 {
            low = ONNXTensor(Tensor(scalar: try n.float("min", default: -.greatestFiniteMagnitude)))
            high = ONNXTensor(Tensor(scalar: try n.float("max", default: .greatestFiniteMagnitude)))
        } else {
            low = try n.optionalConstant(1, "min")
            high = try n.optionalConstant(2, "max")
        }
        if let xc = x.constantValue, xc.integers != nil {
            let lo = low?.integers?.first ?? .min, hi = high?.integers?.first ?? .max
            return [.constant(try ConstantMath.elementwise([xc], op: n.opType, integer: { Swift.min(Swift.max($0[0], lo), hi) }, float: nil))]
        }
        let op = INVEngine.Clip(min: low?.floats.scalars.first ?? -.infinity, max: high?.floats.scalars.first ?? .infinity)
        return [try n.apply(op, x)]
    }

    /// `LeakyRelu(x) = x` for x ≥ 0, `alpha·x` otherwise (alpha default 0.01), as `relu(x) − alpha·relu(−x)`.
    static func LeakyRelu(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        let alpha = try n.float("alpha", default: 0.01)
        return [try leaky(n, x, slope: .scalar(alpha))]
    }

    /// `PRelu(x, slope)`: `LeakyRelu` with a slope tensor broadcast to `x`. Before opset 7 a 1-D
    /// slope with one value per channel applies along axis 1.
    static func PRelu(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        var slope = try n.input(1, "slope")
        n.ignore("consumed_inputs")
        if n.opset < 7, slope.rank == 1, x.rank > 2, slope.shape[0] == x.shape[1] {
            slope = try reshape(n, slope, [slope.shape[0]] + [Int](repeating: 1, count: x.rank - 2))
        }
        return [try leaky(n, x, slope: slope)]
    }

    /// `Elu(x) = x` for x > 0, `alpha·(exp(x) − 1)` otherwise (alpha default 1).
    static func Elu(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        let alpha = try n.float("alpha", default: 1)
        n.ignore("consumed_inputs")
        return [try n.apply(Elementwise.add, try n.apply(INVEngine.Unary(.relu), x), try expMinusOne(n, x, scale: alpha))]
    }

    /// `Selu(x) = gamma·x` for x > 0, `gamma·alpha·(exp(x) − 1)` otherwise
    /// (alpha ≈ 1.6733, gamma ≈ 1.0507 by default).
    static func Selu(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        let alpha = try n.float("alpha", default: 1.67326319217681884765625)
        let gamma = try n.float("gamma", default: 1.05070102214813232421875)
        n.ignore("consumed_inputs")
        let elu = try n.apply(Elementwise.add, try n.apply(INVEngine.Unary(.relu), x), try expMinusOne(n, x, scale: alpha))
        return [try n.apply(Elementwise.mul, elu, .scalar(gamma))]
    }

    /// `HardSigmoid(x) = max(0, min(1, alpha·x + beta))` (alpha 0.2, beta 0.5).
    static func HardSigmoid(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        let alpha = try n.float("alpha", default: 0.2), beta = try n.float("beta", default: 0.5)
        n.ignore("consumed_inputs")
        return [try hardSigmoid(n, x, alpha: alpha, beta: beta)]
    }

    /// `HardSwish(x) = x · HardSigmoid(x)` with alpha 1/6, beta 0.5 (opset 14).
    static func HardSwish(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        return [try n.apply(Elementwise.mul, x, try hardSigmoid(n, x, alpha: 1 / 6, beta: 0.5))]
    }

    /// `Softplus(x) = log(exp(x) + 1)`.
    static func Softplus(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        let shifted = try n.apply(Elementwise.add, try n.apply(INVEngine.Unary(.exp), x), .scalar(1))
        return [try n.apply(INVEngine.Unary(.log), shifted)]
    }

    /// `Softsign(x) = x / (1 + |x|)`.
    static func Softsign(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "input")
        let denominator = try n.apply(Elementwise.add, try n.apply(INVEngine.Unary(.abs), x), .scalar(1))
        return [try n.apply(Elementwise.div, x, denominator)]
    }

    /// `Softmax`: from opset 13 along one `axis` (default −1); before 13 the input is coerced to 2-D
    /// at `axis` (default 1) — `[∏ d₀…d_{axis−1}, ∏ d_axis…]` — and normalised over the second axis.
    static func Softmax(_ n: NodeContext) throws -> [ImportValue] { [try softmax(n, log: false)] }

    /// `LogSoftmax`, with the same opset rules as ``Softmax(_:)``.
    static func LogSoftmax(_ n: NodeContext) throws -> [ImportValue] { [try softmax(n, log: true)] }

    // MARK: Helpers

    private static func softmax(_ n: NodeContext, log: Bool) throws -> ImportValue {
        let x = try n.input(0, "input")
        if n.opset >= 13 {
            let axis = try self.axis(n, try n.int("axis", default: -1), rank: x.rank)
            return try n.apply(INVEngine.Softmax(axis: axis, log: log), x)
        }
        let axis = try self.axis(n, try n.int("axis", default: 1), rank: x.rank)
        if axis == x.rank - 1 { return try n.apply(INVEngine.Softmax(axis: -1, log: log), x) }
        let flat = [x.shape[..<axis].reduce(1, *), x.shape[axis...].reduce(1, *)]
        let normalised = try n.apply(INVEngine.Softmax(axis: 1, log: log), try reshape(n, x, flat))
        return try reshape(n, normalised, x.shape)
    }

    /// `relu(x) − slope·relu(−x)`: `x` where x ≥ 0, `slope·x` elsewhere, exactly.
    private static func leaky(_ n: NodeContext, _ x: ImportValue, slope: ImportValue) throws -> ImportValue {
        let positive = try n.apply(INVEngine.Unary(.relu), x)
        let negativePart = try n.apply(INVEngine.Unary(.relu), try n.apply(INVEngine.Unary(.neg), x))
        return try n.apply(Elementwise.sub, positive, try n.apply(Elementwise.mul, negativePart, slope))
    }

    /// `scale·(exp(min(x, 0)) − 1)`, with `min(x, 0) = −relu(−x)`: zero for x ≥ 0.
    private static func expMinusOne(_ n: NodeContext, _ x: ImportValue, scale: Float) throws -> ImportValue {
        let nonPositive = try n.apply(INVEngine.Unary(.neg), try n.apply(INVEngine.Unary(.relu), try n.apply(INVEngine.Unary(.neg), x)))
        let shifted = try n.apply(Elementwise.sub, try n.apply(INVEngine.Unary(.exp), nonPositive), .scalar(1))
        return try n.apply(Elementwise.mul, shifted, .scalar(scale))
    }

    private static func hardSigmoid(_ n: NodeContext, _ x: ImportValue, alpha: Float, beta: Float) throws -> ImportValue {
        let linear = try n.apply(Elementwise.add, try n.apply(Elementwise.mul, x, .scalar(alpha)), .scalar(beta))
        return try n.apply(INVEngine.Clip(min: 0, max: 1), linear)
    }
}
