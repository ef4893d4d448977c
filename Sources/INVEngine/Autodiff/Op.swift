/// A primitive differentiable operation with one output: its forward kernel and, beside it, its
/// vector–Jacobian product (the backward rule).
///
/// An op that has no gradient rule throws ``AutodiffError/noGradientRule(op:)`` from `backward`;
/// it never returns zeros in place of a gradient.
public protocol Op: Sendable {
    /// Stable, human-readable name used in errors ("conv2d", "softmax").
    var name: String { get }

    /// Computes the output from the inputs.
    func forward(_ inputs: [Tensor]) throws -> Tensor

    /// Returns ∂L/∂input for every input whose `context.needsGradient[i]` is true (nil for the others),
    /// given the inputs, the forward output and `gradient` = ∂L/∂output.
    func backward(_ inputs: [Tensor], output: Tensor, gradient: Tensor, context: BackwardContext) throws -> [Tensor?]
}

/// What a backward rule needs to know beyond its own inputs.
public struct BackwardContext: Sendable {
    /// Which inputs need a gradient; rules skip the work for the others.
    public var needsGradient: [Bool]
    /// How gradients pass through rectifiers (guided backpropagation rewrites this).
    public var rectifierGradient: RectifierGradient

    public init(needsGradient: [Bool], rectifierGradient: RectifierGradient = .standard) {
        self.needsGradient = needsGradient
        self.rectifierGradient = rectifierGradient
    }
}

/// The gradient rule used by ReLU-like ops (ReLU, clip/ReLU6).
public enum RectifierGradient: String, Sendable, CaseIterable {
    /// The true derivative: gradient passes where the input is positive.
    case standard
    /// Guided backpropagation (Springenberg et al. 2015): gradient passes only where the input is
    /// positive *and* the incoming gradient is positive.
    case guided
}

public enum AutodiffError: Error, CustomStringConvertible, Equatable {
    case noGradientRule(op: String)
    case notOnTape(Variable)
    case seedShapeMismatch(expected: [Int], got: [Int])

    public var description: String {
        switch self {
        case .noGradientRule(let op): "\(op) has no gradient rule; it cannot sit between an output and a variable that needs a gradient"
        case .notOnTape(let v): "variable #\(v.id) does not belong to this tape"
        case .seedShapeMismatch(let expected, let got): "backward seed has shape \(got), the output has shape \(expected)"
        }
    }
}

extension Op {
    /// Convenience for ops without a gradient rule.
    public func noGradient() throws -> [Tensor?] { throw AutodiffError.noGradientRule(op: name) }
}
