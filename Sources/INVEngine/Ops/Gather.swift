/// Selects entries along `axis` by constant integer indices (ONNX `Gather`; an embedding lookup is
/// `Gather(axis: 0, …)` on the embedding table). Output shape:
/// `data.shape[..<axis] + indicesShape + data.shape[(axis+1)...]`. Negative indices count from the
/// end. The gradient scatters-adds into the selected rows (repeated indices accumulate).
public struct Gather: Op {
    public let axis: Int
    public let indices: [Int]
    public let indicesShape: [Int]
    public init(axis: Int = 0, indices: [Int], indicesShape: [Int]? = nil) {
        self.axis = axis
        self.indices = indices
        self.indicesShape = indicesShape ?? [indices.count]
    }
    public var name: String { "gather" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        let (a, rows) = try resolve(x.shape)
        let outer = x.shape[..<a].reduce(1, *), inner = x.shape[(a + 1)...].reduce(1, *), dim = x.shape[a]
        var out: [Float] = []
        out.reserveCapacity(outer * rows.count * inner)
        for o in 0..<outer {
            for r in rows {
                let base = (o * dim + r) * inner
                out.append(contentsOf: x.scalars[base..<(base + inner)])
            }
        }
        return Tensor(shape: Array(x.shape[..<a]) + indicesShape + Array(x.shape[(a + 1)...]), scalars: out)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        let x = inputs[0]
        let (a, rows) = try resolve(x.shape)
        let outer = x.shape[..<a].reduce(1, *), inner = x.shape[(a + 1)...].reduce(1, *), dim = x.shape[a]
        var dx = [Float](repeating: 0, count: x.count)
        var o = 0
        for outerIndex in 0..<outer {
            for r in rows {
                let base = (outerIndex * dim + r) * inner
                for j in 0..<inner { dx[base + j] += g.scalars[o + j] }
                o += inner
            }
        }
        return [Tensor(shape: x.shape, scalars: dx)]
    }

    private func resolve(_ shape: [Int]) throws -> (axis: Int, rows: [Int]) {
        let a = try normalizedAxis(axis, rank: shape.count, op: name)
        guard indicesShape.elementCount == indices.count else {
            throw ShapeError(op: name, "indices shape \(indicesShape) does not hold \(indices.count) indices")
        }
        let dim = shape[a]
        let rows = try indices.map { i in
            let r = i < 0 ? i + dim : i
            guard r >= 0 && r < dim else { throw ShapeError(op: name, "index \(i) is out of range for axis \(axis) of extent \(dim)") }
            return r
        }
        return (a, rows)
    }
}
