/// A handle to a value recorded on a ``Tape``.
public struct Variable: Hashable, Sendable {
    public let id: Int
}

/// An explicit reverse-mode autodiff tape: every op applied through it is recorded with its inputs,
/// and ``gradients(of:seed:withRespectTo:)`` runs the backward rules in reverse order.
///
/// The tape owns every forward value and is the only place they live, so all memory of a
/// forward/backward pass is released with the tape (use ``withTape(rectifierGradient:_:)`` to scope it).
///
/// ```swift
/// let grads = try withTape { tape in
///     let x = tape.variable(Tensor(shape: [2], scalars: [1, -2]))
///     let y = try tape.apply(Elementwise.mul, x, x)
///     return try tape.gradients(of: try tape.apply(Reduce(kind: .sum, axes: [0]), y), withRespectTo: [x])
/// }
/// grads[0].scalars   // [2, -4]
/// ```
public final class Tape {
    private struct Entry {
        let op: (any Op)?           // nil for leaves
        let inputs: [Variable]
        let requiresGradient: Bool
    }

    /// How ReLU-like ops propagate gradients in this tape's backward passes.
    public var rectifierGradient: RectifierGradient
    private var values: [Tensor] = []
    private var entries: [Entry] = []

    public init(rectifierGradient: RectifierGradient = .standard) {
        self.rectifierGradient = rectifierGradient
    }

    /// Records a leaf whose gradient can be asked for.
    public func variable(_ value: Tensor) -> Variable { record(value, Entry(op: nil, inputs: [], requiresGradient: true)) }

    /// Records a leaf that never receives a gradient (weights of a model being explained, masks, …).
    public func constant(_ value: Tensor) -> Variable { record(value, Entry(op: nil, inputs: [], requiresGradient: false)) }

    /// The same value, cut off from the gradient flow.
    public func stopGradient(_ v: Variable) -> Variable { constant(self[v]) }

    /// The value of a recorded variable.
    public subscript(_ v: Variable) -> Tensor { values[v.id] }

    /// Number of recorded values.
    public var count: Int { values.count }

    /// Runs `op` forward on recorded inputs and records the result.
    @discardableResult
    public func apply(_ op: any Op, _ inputs: [Variable]) throws -> Variable {
        let output = try op.forward(inputs.map { values[$0.id] })
        let requires = inputs.contains { entries[$0.id].requiresGradient }
        return record(output, Entry(op: op, inputs: inputs, requiresGradient: requires))
    }

    @discardableResult
    public func apply(_ op: any Op, _ inputs: Variable...) throws -> Variable { try apply(op, inputs) }

    /// One backward pass from `output`: returns ∂(seed · output)/∂target for every target, in order.
    ///
    /// `seed` defaults to ones (so for a scalar output this is the plain gradient); pass a one-hot
    /// tensor to differentiate one class logit. Targets may be leaves or intermediate values.
    /// A target that does not influence `output` gets a zero gradient.
    public func gradients(of output: Variable, seed: Tensor? = nil, withRespectTo targets: [Variable]) throws -> [Tensor] {
        guard output.id < values.count, targets.allSatisfy({ $0.id < values.count }) else {
            throw AutodiffError.notOnTape(targets.first { $0.id >= values.count } ?? output)
        }
        let seed = seed ?? Tensor(repeating: 1, shape: values[output.id].shape)
        guard seed.shape == values[output.id].shape else {
            throw AutodiffError.seedShapeMismatch(expected: values[output.id].shape, got: seed.shape)
        }
        let wanted = Set(targets.map(\.id))
        let lowest = targets.map(\.id).min() ?? output.id
        var grads = [Tensor?](repeating: nil, count: output.id + 1)
        grads[output.id] = seed
        var kept: [Int: Tensor] = [:]

        for id in stride(from: output.id, through: lowest, by: -1) {
            guard let gradient = grads[id] else { continue }
            if wanted.contains(id) { kept[id] = gradient }
            grads[id] = nil  // released as soon as it has been propagated
            let entry = entries[id]
            guard let op = entry.op, entry.requiresGradient else { continue }
            let needs = entry.inputs.map { entries[$0.id].requiresGradient && $0.id >= lowest }
            guard needs.contains(true) else { continue }
            let context = BackwardContext(needsGradient: needs, rectifierGradient: rectifierGradient)
            let inputGrads = try op.backward(entry.inputs.map { values[$0.id] }, output: values[id],
                                             gradient: gradient, context: context)
            for (index, input) in entry.inputs.enumerated() where needs[index] {
                guard let g = inputGrads[index] else { continue }
                grads[input.id] = grads[input.id].map { Elementwise.add($0, g) } ?? g
            }
        }
        return targets.map { kept[$0.id] ?? Tensor.zeros(values[$0.id].shape) }
    }

    private func record(_ value: Tensor, _ entry: Entry) -> Variable {
        values.append(value)
        entries.append(entry)
        return Variable(id: values.count - 1)
    }
}

/// Runs `body` with a fresh tape; every value and gradient buffer of the pass is freed when it returns.
public func withTape<R>(rectifierGradient: RectifierGradient = .standard, _ body: (Tape) throws -> R) rethrows -> R {
    try body(Tape(rectifierGradient: rectifierGradient))
}
