import INVEngine

/// Matrix products: `MatMul` (NumPy semantics, batched) and `Gemm`.
extension ONNXOps {
    static func MatMul(_ n: NodeContext) throws -> [ImportValue] {
        [try n.apply(INVEngine.MatMul(), try n.input(0, "A"), try n.input(1, "B"))]
    }

    /// `Gemm(A, B, C) = alpha · A′ · B′ + beta · C` with `A′ = transA ? Aᵀ : A` (likewise B),
    /// alpha = beta = 1 by default, C broadcast to `[M, N]` and optional from opset 11.
    /// Before opset 7 the `broadcast` attribute allowed a broadcast C, which NumPy rules cover.
    static func Gemm(_ n: NodeContext) throws -> [ImportValue] {
        let a = try n.input(0, "A"), b = try n.input(1, "B"), c = n.optionalInput(2)
        let alpha = try n.float("alpha", default: 1), beta = try n.float("beta", default: 1)
        let transA = try n.int("transA", default: 0) != 0, transB = try n.int("transB", default: 0) != 0
        n.ignore("broadcast")
        guard a.rank == 2, b.rank == 2 else { throw n.unsupported("A and B must be matrices, got \(a.shape) and \(b.shape)") }
        var y = try n.apply(INVEngine.MatMul(transposeA: transA, transposeB: transB), a, b)
        if alpha != 1 { y = try n.apply(Elementwise.mul, y, .scalar(alpha)) }
        if let c, beta != 0 {
            let scaled = beta == 1 ? c : try n.apply(Elementwise.mul, c, .scalar(beta))
            y = try n.apply(Elementwise.add, y, scaled)
        }
        return [y]
    }
}
