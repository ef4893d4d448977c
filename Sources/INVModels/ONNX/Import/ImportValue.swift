import INVEngine

/// A tensor while a model is being imported: either known now (folded to a constant) or computed
/// at run time by the engine graph.
enum ImportValue {
    /// Known at load time. `name` is the graph name it is stored under when an engine node reads
    /// it (nil for values a handler made up, such as Gemm's `alpha`; they get a generated name).
    case constant(ONNXTensor, name: String?)
    /// Computed by the engine graph. `trace` is the tensor's value on an all-zero input, computed
    /// while the graph is built: it gives every runtime tensor a static shape and lets shape
    /// errors surface at load time, naming the node.
    case runtime(name: String, trace: Tensor)

    var shape: [Int] {
        switch self {
        case .constant(let t, _): t.shape
        case .runtime(_, let trace): trace.shape
        }
    }

    var rank: Int { shape.count }

    /// The value known at load time, or nil.
    var constantValue: ONNXTensor? {
        if case .constant(let t, _) = self { return t }
        return nil
    }

    /// The Float32 values seen by an engine op: the constant itself or the zero-input trace.
    var traceOrValue: Tensor {
        switch self {
        case .constant(let t, _): t.floats
        case .runtime(_, let trace): trace
        }
    }

    /// A constant made by a handler (no graph name yet).
    static func constant(_ tensor: Tensor) -> ImportValue { .constant(ONNXTensor(tensor), name: nil) }
    static func constant(_ tensor: ONNXTensor) -> ImportValue { .constant(tensor, name: nil) }
    static func scalar(_ value: Float) -> ImportValue { .constant(Tensor(scalar: value)) }
}
