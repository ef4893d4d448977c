/// Joins tensors along one axis (ONNX `Concat`); all other extents must agree.
public struct Concat: Op {
    public let axis: Int
    public init(axis: Int) { self.axis = axis }
    public var name: String { "concat" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        guard let first = inputs.first else { throw ShapeError(op: name, "needs at least one input") }
        let a = try normalizedAxis(axis, rank: first.rank, op: name)
        for t in inputs where t.rank != first.rank || t.shape.enumerated().contains(where: { $0.offset != a && $0.element != first.shape[$0.offset] }) {
            throw ShapeError(op: name, "inputs \(inputs.map(\.shape)) differ outside axis \(axis)")
        }
        let outer = first.shape[..<a].reduce(1, *)
        let blocks = inputs.map { $0.shape[a...].reduce(1, *) }
        var shape = first.shape
        shape[a] = inputs.reduce(0) { $0 + $1.shape[a] }
        var scalars: [Float] = []
        scalars.reserveCapacity(shape.elementCount)
        for o in 0..<outer {
            for (t, block) in zip(inputs, blocks) { scalars.append(contentsOf: t.scalars[(o * block)..<((o + 1) * block)]) }
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        let a = try normalizedAxis(axis, rank: output.rank, op: name)
        var start = 0
        return inputs.enumerated().map { i, t in
            defer { start += t.shape[a] }
            guard context.needsGradient[i] else { return nil }
            return Slice.extract(g, axis: a, start: start, count: t.shape[a], step: 1)
        }
    }
}
