import INVEngine

/// One small handler per ONNX op, named after it (ONNX Operators.md). A handler reads the node's
/// attributes by their ONNX names with the ONNX defaults, checks what INVKit does not support,
/// and returns one value per ONNX output, built from engine ops through ``NodeContext/apply(_:_:folding:)``.
///
/// Opset differences are handled inside each handler (`n.opset`), next to the attribute they
/// concern: an attribute that became an input (Clip's `min`/`max` at 11, Slice's `starts` at 10,
/// Squeeze/Unsqueeze/ReduceSum `axes` at 13, Pad's `pads` at 11, …) is read from where that opset
/// keeps it.
enum ONNXOps {
    typealias Handler = @Sendable (NodeContext) throws -> [ImportValue]

    /// The handler table: ONNX op type → handler. The files `ONNXOps+*.swift` hold the handlers.
    static let handlers: [String: Handler] = [
        // Elementwise arithmetic (ONNXOps+Arithmetic.swift)
        "Add": Add, "Sub": Sub, "Mul": Mul, "Div": Div, "Sum": Sum, "Mean": Mean, "Pow": Pow,
        "Neg": Neg, "Abs": Abs, "Reciprocal": Reciprocal, "Sqrt": Sqrt, "Exp": Exp, "Log": Log, "Erf": Erf,
        // Activations (ONNXOps+Activations.swift)
        "Relu": Relu, "Sigmoid": Sigmoid, "Tanh": Tanh, "Gelu": Gelu, "Clip": Clip, "LeakyRelu": LeakyRelu,
        "PRelu": PRelu, "Elu": Elu, "Selu": Selu, "HardSigmoid": HardSigmoid, "HardSwish": HardSwish,
        "Softplus": Softplus, "Softsign": Softsign, "Softmax": Softmax, "LogSoftmax": LogSoftmax,
        // Load-time-only ops for shape computations (ONNXOps+ShapeArithmetic.swift)
        "Max": Max, "Min": Min, "Ceil": Ceil, "Floor": Floor, "Round": Round, "Sign": Sign, "Mod": Mod,
        "Equal": Equal, "Less": Less, "Greater": Greater, "LessOrEqual": LessOrEqual, "GreaterOrEqual": GreaterOrEqual,
        "Not": Not, "And": And, "Or": Or, "Xor": Xor, "Where": Where, "Range": Range,
        "Cast": Cast, "CastLike": CastLike,
        // Constants and shapes (ONNXOps+Shape.swift)
        "Constant": Constant, "ConstantOfShape": ConstantOfShape, "Shape": Shape, "Size": Size,
        "Identity": Identity, "Dropout": Dropout, "Reshape": Reshape, "Flatten": Flatten,
        "Squeeze": Squeeze, "Unsqueeze": Unsqueeze, "Expand": Expand,
        // Data movement (ONNXOps+Movement.swift)
        "Transpose": Transpose, "Concat": Concat, "Slice": Slice, "Gather": Gather, "Split": Split,
        "Tile": Tile, "DepthToSpace": DepthToSpace, "SpaceToDepth": SpaceToDepth,
        // Reductions (ONNXOps+Reduction.swift)
        "ReduceSum": ReduceSum, "ReduceMean": ReduceMean, "ReduceSumSquare": ReduceSumSquare,
        "ReduceL1": ReduceL1, "ReduceL2": ReduceL2, "ReduceLogSum": ReduceLogSum,
        "ReduceLogSumExp": ReduceLogSumExp, "ReduceMax": ReduceMax, "ReduceMin": ReduceMin, "ReduceProd": ReduceProd,
        // Matrix products (ONNXOps+Linear.swift)
        "MatMul": MatMul, "Gemm": Gemm,
        // Convolution and pooling (ONNXOps+Convolution.swift, ONNXOps+Pooling.swift)
        "Conv": Conv, "MaxPool": MaxPool, "AveragePool": AveragePool,
        "GlobalAveragePool": GlobalAveragePool, "GlobalMaxPool": GlobalMaxPool,
        // Normalisation (ONNXOps+Normalization.swift)
        "BatchNormalization": BatchNormalization, "InstanceNormalization": InstanceNormalization,
        "LayerNormalization": LayerNormalization, "LRN": LRN,
        // Padding and resampling (ONNXOps+Resampling.swift)
        "Pad": Pad, "Resize": Resize, "Upsample": Upsample,
    ]

    /// Supported op types, sorted (listed in the unsupported-op error).
    static let supported: [String] = handlers.keys.sorted()

    // MARK: Helpers shared by handlers

    /// A unary engine op; `integer` folds integer constants exactly where the op is defined on them.
    static func unary(_ n: NodeContext, _ kind: Unary.Kind, integer: ((Int64) -> Int64)? = nil) throws -> [ImportValue] {
        let x = try n.input(0, "X")
        n.ignore("consumed_inputs")  // opset 1 memory-planning hint
        let folding: NodeContext.Folding = integer.map { f in
            .integer { try ConstantMath.elementwise($0, op: n.opType, integer: { f($0[0]) }, float: nil) }
        } ?? .float
        return [try n.apply(INVEngine.Unary(kind), x, folding: folding)]
    }

    /// `x` viewed with another shape (exact for integer constants too).
    static func reshape(_ n: NodeContext, _ x: ImportValue, _ shape: [Int]) throws -> ImportValue {
        if x.shape == shape { return x }
        return try n.apply(INVEngine.Reshape(shape: shape), x, folding: .movesData)
    }

    /// A constant of `shape` filled with `value`.
    static func filled(_ value: Float, _ shape: [Int]) -> ImportValue { .constant(Tensor(repeating: value, shape: shape)) }

    /// Resolves possibly negative axes against `rank`, naming the node on failure.
    static func axes(_ n: NodeContext, _ axes: [Int], rank: Int, attribute: String = "axes") throws -> [Int] {
        try axes.map { axis in
            guard axis >= -rank && axis < Swift.max(rank, 1) else {
                throw n.invalid(attribute, "holds \(axis), out of range for rank \(rank)")
            }
            return axis < 0 ? axis + rank : axis
        }
    }

    static func axis(_ n: NodeContext, _ axis: Int, rank: Int, attribute: String = "axis") throws -> Int {
        try axes(n, [axis], rank: rank, attribute: attribute)[0]
    }
}
