/// Batched matrix product with optional transposes and NumPy batch broadcasting (ONNX `MatMul`,
/// and the core of `Gemm`).
///
/// `a`: `[…, m, k]` (`[…, k, m]` when `transposeA`), `b`: `[…, k, n]` (`[…, n, k]` when `transposeB`),
/// result `[…, m, n]` where the batch axes `…` broadcast. A rank-1 operand is promoted as in NumPy
/// (a row vector on the left, a column vector on the right) and the promoted axis dropped.
/// - Complexity: one single-threaded `sgemm` per batch item, batch items spread across cores.
public struct MatMul: Op {
    public let transposeA: Bool, transposeB: Bool
    public init(transposeA: Bool = false, transposeB: Bool = false) {
        self.transposeA = transposeA
        self.transposeB = transposeB
    }
    public var name: String { "matmul" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let (a, b) = (inputs[0], inputs[1])
        let (a2, b2) = (Self.promoted(a, left: true), Self.promoted(b, left: false))
        var result = try Self.multiply(a2, b2, transposeA: transposeA, transposeB: transposeB, op: name)
        var shape = result.shape
        if b.rank == 1 { shape.remove(at: shape.count - 1) }
        if a.rank == 1 { shape.remove(at: shape.count - (b.rank == 1 ? 1 : 2)) }
        result = result.reshaped(shape)
        return result
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        let (a, b) = (Self.promoted(inputs[0], left: true), Self.promoted(inputs[1], left: false))
        let gShape = try Broadcast.shape(Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2)), op: name)
        let m = transposeA ? a.shape[a.rank - 1] : a.shape[a.rank - 2]
        let n = transposeB ? b.shape[b.rank - 2] : b.shape[b.rank - 1]
        let g2 = g.reshaped(gShape + [m, n])
        func mm(_ x: Tensor, _ y: Tensor, _ tx: Bool, _ ty: Bool) throws -> Tensor {
            try Self.multiply(x, y, transposeA: tx, transposeB: ty, op: name)
        }
        var ga: Tensor?, gb: Tensor?
        if context.needsGradient[0] {
            ga = try { () throws -> Tensor in switch (transposeA, transposeB) {
            case (false, false): try mm(g2, b, false, true)
            case (false, true): try mm(g2, b, false, false)
            case (true, false): try mm(b, g2, false, true)
            case (true, true): try mm(b, g2, true, true)
            } }()
        }
        if context.needsGradient[1] {
            gb = try { () throws -> Tensor in switch (transposeA, transposeB) {
            case (false, false): try mm(a, g2, true, false)
            case (false, true): try mm(g2, a, true, false)
            case (true, false): try mm(a, g2, false, false)
            case (true, true): try mm(g2, a, true, true)
            } }()
        }
        return [ga.map { Broadcast.reduce($0, to: a.shape).reshaped(inputs[0].shape) },
                gb.map { Broadcast.reduce($0, to: b.shape).reshaped(inputs[1].shape) }]
    }

    private static func promoted(_ t: Tensor, left: Bool) -> Tensor {
        guard t.rank == 1 else { return t }
        return t.reshaped(left ? [1, t.count] : [t.count, 1])
    }

    /// The kernel on rank ≥ 2 operands.
    static func multiply(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool, op: String) throws -> Tensor {
        guard a.rank >= 2, b.rank >= 2 else { throw ShapeError(op: op, "operands need rank ≥ 1, got \(a.shape) and \(b.shape)") }
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeA ? (ac, ar) : (ar, ac)
        let (kb, n) = transposeB ? (bc, br) : (br, bc)
        guard k == kb else {
            throw ShapeError(op: op, "inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") × \(b.shape)\(transposeB ? "ᵀ" : "")")
        }
        let aBatch = Array(a.shape.dropLast(2)), bBatch = Array(b.shape.dropLast(2))
        let batch = try Broadcast.shape(aBatch, bBatch, op: op)
        let batchCount = batch.elementCount
        let aStrides = Broadcast.strides(of: aBatch, in: batch), bStrides = Broadcast.strides(of: bBatch, in: batch)
        let batchIndexStrides = batch.strides
        func offsets(_ item: Int) -> (Int, Int) {
            var rest = item, oa = 0, ob = 0
            for axis in batch.indices {
                let i = rest / batchIndexStrides[axis]
                rest -= i * batchIndexStrides[axis]
                oa += i * aStrides[axis]
                ob += i * bStrides[axis]
            }
            return (oa * ar * ac, ob * br * bc)
        }
        let itemOffsets = (0..<batchCount).map(offsets)
        guard batchCount * m * n > 0 else { return Tensor.zeros(batch + [m, n]) }
        guard k > 0 else { return Tensor.zeros(batch + [m, n]) }
        return Tensor(uninitializedShape: batch + [m, n]) { out in
            let c = SharedPointer(out.baseAddress!)
            a.scalars.withUnsafeBufferPointer { ap in
                b.scalars.withUnsafeBufferPointer { bp in
                    let (pa, pb) = (SharedConstPointer(ap.baseAddress!), SharedConstPointer(bp.baseAddress!))
                    Parallel.forEach(batchCount) { item in
                        let (oa, ob) = itemOffsets[item]
                        BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                   a: pa + oa, lda: ac, b: pb + ob, ldb: bc,
                                   c: c + item * m * n, ldc: n)
                    }
                }
            }
        }
    }
}
