/// Views the scalars with a new shape of the same element count (ONNX `Reshape`/`Flatten`,
/// NumPy `reshape`). One extent may be −1 (inferred); 0 is taken literally (callers resolve ONNX's
/// "copy this dimension" meaning before building the op).
public struct Reshape: Op {
    public let shape: [Int]
    public init(shape: [Int]) { self.shape = shape }
    public var name: String { "reshape" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        inputs[0].reshaped(try resolved(for: inputs[0]))
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        [context.needsGradient[0] ? g.reshaped(inputs[0].shape) : nil]
    }

    func resolved(for x: Tensor) throws -> [Int] {
        let inferred = shape.indices.filter { shape[$0] == -1 }
        guard inferred.count <= 1, shape.allSatisfy({ $0 >= -1 }) else {
            throw ShapeError(op: name, "target shape \(shape) may hold at most one −1 and no other negative extent")
        }
        var result = shape
        if let i = inferred.first {
            let known = shape.filter { $0 != -1 }.reduce(1, *)
            guard known > 0, x.count % known == 0 else {
                throw ShapeError(op: name, "cannot infer the −1 in \(shape) for \(x.count) elements (input \(x.shape))")
            }
            result[i] = x.count / known
        }
        guard result.elementCount == x.count else {
            throw ShapeError(op: name, "cannot view \(x.shape) (\(x.count) elements) as \(shape)")
        }
        return result
    }
}

/// Permutes axes (ONNX `Transpose`, NumPy `transpose`): output axis i is input axis `permutation[i]`.
/// An empty permutation reverses the axes.
public struct Transpose: Op {
    public let permutation: [Int]
    public init(permutation: [Int]) { self.permutation = permutation }
    public var name: String { "transpose" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        let perm = try resolved(rank: x.rank)
        return Self.permute(x, perm)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        let perm = try resolved(rank: inputs[0].rank)
        var inverse = perm
        for (i, p) in perm.enumerated() { inverse[p] = i }
        return [Self.permute(g, inverse)]
    }

    private func resolved(rank: Int) throws -> [Int] {
        let perm = permutation.isEmpty ? Array((0..<rank).reversed()) : permutation
        guard perm.sorted() == Array(0..<rank) else {
            throw ShapeError(op: name, "permutation \(permutation) is not a permutation of 0..<\(rank)")
        }
        return perm
    }

    static func permute(_ x: Tensor, _ perm: [Int]) -> Tensor {
        let outShape = perm.map { x.shape[$0] }
        let inStrides = x.shape.strides
        let strides = perm.map { inStrides[$0] }  // input stride for each output axis
        let rank = perm.count
        guard rank > 0, x.count > 0 else { return x.reshaped(outShape) }
        return Tensor(uninitializedShape: outShape) { out in
            x.scalars.withUnsafeBufferPointer { xp in
                let inner = outShape[rank - 1], innerStride = strides[rank - 1]
                var index = [Int](repeating: 0, count: rank - 1)
                var base = 0, o = 0
                for _ in 0..<(x.count / inner) {
                    var p = base
                    for _ in 0..<inner { out[o] = xp[p]; o += 1; p += innerStride }
                    var axis = rank - 2
                    while axis >= 0 {
                        index[axis] += 1
                        base += strides[axis]
                        if index[axis] < outShape[axis] { break }
                        base -= strides[axis] * outShape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
    }
}
