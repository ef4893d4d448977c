import INVEngine

/// Reductions. `axes` is an attribute until it became input 1 — at opset 13 for `ReduceSum`,
/// at opset 18 for the others; `keepdims` defaults to 1; with the axes as an input,
/// `noop_with_empty_axes = 1` makes an empty axes list the identity instead of "all axes".
///
/// `ReduceMax`, `ReduceMin` and `ReduceProd` fold on constants only (the engine has no such op).
extension ONNXOps {
    static func ReduceSum(_ n: NodeContext) throws -> [ImportValue] {
        try reduction(n, axesInputSince: 13) { x, reduce in
            let sum = reduce(.sum)
            return try n.apply(sum, x, folding: .integer { v in
                try ConstantMath.reduce(v[0], axes: sum.axes, keepDims: sum.keepDims, op: n.opType,
                                        integer: { $0 &+ $1 }, integerInitial: 0, float: { $0 + $1 }, floatInitial: 0)
            })
        }
    }

    static func ReduceMean(_ n: NodeContext) throws -> [ImportValue] {
        try reduction(n) { x, reduce in try n.apply(reduce(.mean), x) }
    }

    /// `Σ x²`.
    static func ReduceSumSquare(_ n: NodeContext) throws -> [ImportValue] {
        try reduction(n) { x, reduce in try n.apply(reduce(.sum), try n.apply(Elementwise.mul, x, x)) }
    }

    /// `Σ |x|`.
    static func ReduceL1(_ n: NodeContext) throws -> [ImportValue] {
        try reduction(n) { x, reduce in try n.apply(reduce(.sum), try n.apply(INVEngine.Unary(.abs), x)) }
    }

    /// `√(Σ x²)`.
    static func ReduceL2(_ n: NodeContext) throws -> [ImportValue] {
        try reduction(n) { x, reduce in
            try n.apply(INVEngine.Unary(.sqrt), try n.apply(reduce(.sum), try n.apply(Elementwise.mul, x, x)))
        }
    }

    /// `log(Σ x)`.
    static func ReduceLogSum(_ n: NodeContext) throws -> [ImportValue] {
        try reduction(n) { x, reduce in try n.apply(INVEngine.Unary(.log), try n.apply(reduce(.sum), x)) }
    }

    /// `log(Σ exp(x))`, computed as written (like ONNX's reference).
    static func ReduceLogSumExp(_ n: NodeContext) throws -> [ImportValue] {
        try reduction(n) { x, reduce in
            try n.apply(INVEngine.Unary(.log), try n.apply(reduce(.sum), try n.apply(INVEngine.Unary(.exp), x)))
        }
    }

    static func ReduceMax(_ n: NodeContext) throws -> [ImportValue] {
        try loadTimeReduction(n, integer: { Swift.max($0, $1) }, integerInitial: .min, float: { Swift.max($0, $1) }, floatInitial: -.infinity)
    }

    static func ReduceMin(_ n: NodeContext) throws -> [ImportValue] {
        try loadTimeReduction(n, integer: { Swift.min($0, $1) }, integerInitial: .max, float: { Swift.min($0, $1) }, floatInitial: .infinity)
    }

    static func ReduceProd(_ n: NodeContext) throws -> [ImportValue] {
        try loadTimeReduction(n, integer: { $0 &* $1 }, integerInitial: 1, float: { $0 * $1 }, floatInitial: 1)
    }

    // MARK: Helpers

    /// Reads `axes`, `keepdims`, `noop_with_empty_axes` and calls `body` with the input and a
    /// factory of engine `Reduce` ops over those axes; a no-op reduction returns the input.
    private static func reduction(_ n: NodeContext, axesInputSince: Int = 18,
                                  _ body: (ImportValue, (Reduce.Kind) -> Reduce) throws -> ImportValue) throws -> [ImportValue] {
        let x = try n.input(0, "data")
        guard let (axes, keepDims) = try reductionAxes(n, rank: x.rank, axesInputSince: axesInputSince) else { return [x] }
        return [try body(x) { Reduce(kind: $0, axes: axes, keepDims: keepDims) }]
    }

    /// The normalised axes (empty: all) and `keepdims`; nil when the reduction is a no-op.
    private static func reductionAxes(_ n: NodeContext, rank: Int, axesInputSince: Int) throws -> ([Int], Bool)? {
        let keepDims = try n.int("keepdims", default: 1) != 0
        let noopWithEmptyAxes = try n.int("noop_with_empty_axes", default: 0) != 0
        let listed = n.opset < axesInputSince ? try n.ints("axes") : try n.optionalInts(1, "axes")
        let axes = try self.axes(n, listed ?? [], rank: rank)
        if axes.isEmpty && noopWithEmptyAxes { return nil }
        return (axes, keepDims)
    }

    private static func loadTimeReduction(_ n: NodeContext, integer: @escaping (Int64, Int64) -> Int64, integerInitial: Int64,
                                          float: @escaping (Float, Float) -> Float, floatInitial: Float) throws -> [ImportValue] {
        let x = try n.input(0, "data")
        guard let (axes, keepDims) = try reductionAxes(n, rank: x.rank, axesInputSince: 18) else { return [x] }
        guard let constant = x.constantValue else {
            throw ONNXError.loadTimeOnly(node: n.name, opType: n.opType, input: n.node.input[0])
        }
        return [.constant(try ConstantMath.reduce(constant, axes: axes, keepDims: keepDims, op: n.opType, integer: integer,
                                                  integerInitial: integerInitial, float: float, floatInitial: floatInitial))]
    }
}
