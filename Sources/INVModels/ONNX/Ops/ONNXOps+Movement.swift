import INVEngine

/// Ops that only move elements: `Transpose`, `Concat`, `Slice`, `Gather`, `Split`, `Tile`,
/// `DepthToSpace`, `SpaceToDepth`. All fold exactly on integer constants (shape vectors).
extension ONNXOps {
    /// `Transpose(data)`: `perm` defaults to reversing the axes.
    static func Transpose(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "data")
        let perm = try n.ints("perm") ?? Array((0..<x.rank).reversed())
        return [try n.apply(INVEngine.Transpose(permutation: perm), x, folding: .movesData)]
    }

    /// `Concat(inputs…)` along `axis` (required from opset 4; default 1 before).
    static func Concat(_ n: NodeContext) throws -> [ImportValue] {
        let inputs = n.presentInputs
        guard let first = inputs.first else { throw ONNXError.missingInput(node: n.name, opType: n.opType, index: 0, role: "inputs") }
        guard let rawAxis = try n.int("axis") ?? (n.opset < 4 ? 1 : nil) else { throw n.invalid("axis", "is required") }
        let axis = try self.axis(n, rawAxis, rank: first.rank)
        return [try n.apply(INVEngine.Concat(axis: axis), inputs, folding: .movesData)]
    }

    /// `Slice(data, starts, ends, axes, steps)`: the bounds are attributes `starts`, `ends`, `axes`
    /// before opset 10 and inputs 1…4 from opset 10 (steps default 1).
    static func Slice(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "data")
        let starts: [Int], ends: [Int], axes: [Int]?, steps: [Int]?
        if n.opset < 10 {
            guard let s = try n.ints("starts"), let e = try n.ints("ends") else { throw n.invalid("starts", "and 'ends' are required before opset 10") }
            (starts, ends, axes, steps) = (s, e, try n.ints("axes"), nil)
        } else {
            starts = try n.constant(1, "starts").intValues
            ends = try n.constant(2, "ends").intValues
            axes = try n.optionalInts(3, "axes")
            steps = try n.optionalInts(4, "steps")
        }
        let op = INVEngine.Slice(starts: starts, ends: ends, axes: axes, steps: steps)
        return [try n.apply(op, x, folding: .movesData)]
    }

    /// `Gather(data, indices)` along `axis` (default 0); the indices must be known at load time.
    static func Gather(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "data")
        let indices = try n.constant(1, "indices")
        let axis = try self.axis(n, try n.int("axis", default: 0), rank: x.rank)
        let op = INVEngine.Gather(axis: axis, indices: indices.intValues, indicesShape: indices.shape)
        return [try n.apply(op, x, folding: .movesData)]
    }

    /// `Split(input)` along `axis` (default 0) into the node's outputs. Sizes come from the `split`
    /// attribute (before opset 13) or input 1 (from 13); otherwise equal parts, or from opset 18
    /// `num_outputs` parts of ⌈extent / num_outputs⌉ with a smaller last one.
    static func Split(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "input")
        let axis = try self.axis(n, try n.int("axis", default: 0), rank: x.rank)
        let extent = x.shape[axis], parts = n.node.output.count
        var sizes = n.opset < 13 ? try n.ints("split") : try n.optionalInts(1, "split")
        if sizes == nil, let count = try n.int("num_outputs") {
            guard count > 0 else { throw n.invalid("num_outputs", "must be positive, is \(count)") }
            let chunk = (extent + count - 1) / count
            sizes = (0..<count).map { Swift.max(0, Swift.min(chunk, extent - $0 * chunk)) }
        }
        if sizes == nil {
            guard parts > 0, extent % parts == 0 else {
                throw n.unsupported("cannot split extent \(extent) into \(parts) equal parts")
            }
            sizes = [Int](repeating: extent / parts, count: parts)
        }
        let split = sizes ?? []
        guard split.reduce(0, +) == extent, split.allSatisfy({ $0 >= 0 }) else {
            throw n.unsupported("split sizes \(split) do not add up to extent \(extent) of axis \(axis)")
        }
        var start = 0
        return try split.map { size in
            defer { start += size }
            return try n.apply(INVEngine.Slice(starts: [start], ends: [start + size], axes: [axis]), x, folding: .movesData)
        }
    }

    /// `Tile(input, repeats)`: `repeats[i]` copies along each axis (a concatenation of copies).
    static func Tile(_ n: NodeContext) throws -> [ImportValue] {
        var x = try n.input(0, "input")
        let repeats = try n.constant(1, "repeats").intValues
        guard repeats.count == x.rank, repeats.allSatisfy({ $0 >= 0 }) else {
            throw n.unsupported("repeats \(repeats) must hold one non-negative count per axis of \(x.shape)")
        }
        for (axis, count) in repeats.enumerated() where count != 1 {
            x = try n.apply(INVEngine.Concat(axis: axis), [ImportValue](repeating: x, count: count), folding: .movesData)
        }
        return [x]
    }

    /// `DepthToSpace(input)` on NCHW: moves `blocksize²` channel groups into space, in `mode`
    /// "DCR" (depth-column-row, default) or "CRD" (opset 11).
    static func DepthToSpace(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "input")
        guard let b = try n.int("blocksize"), b > 0 else { throw n.invalid("blocksize", "is required and must be positive") }
        let mode = try n.string("mode", default: "DCR")
        guard x.rank == 4, x.shape[1] % (b * b) == 0 else {
            throw n.unsupported("needs [N, C, H, W] with C divisible by blocksize² = \(b * b), got \(x.shape)")
        }
        let (batch, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let split: [Int], perm: [Int]
        switch mode {
        case "DCR": (split, perm) = ([batch, b, b, c / (b * b), h, w], [0, 3, 4, 1, 5, 2])
        case "CRD": (split, perm) = ([batch, c / (b * b), b, b, h, w], [0, 1, 4, 2, 5, 3])
        default: throw n.invalid("mode", "is '\(mode)', expected 'DCR' or 'CRD'")
        }
        let moved = try n.apply(INVEngine.Transpose(permutation: perm), try reshape(n, x, split), folding: .movesData)
        return [try reshape(n, moved, [batch, c / (b * b), h * b, w * b])]
    }

    /// `SpaceToDepth(input)` on NCHW: the inverse of DCR `DepthToSpace`.
    static func SpaceToDepth(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "input")
        guard let b = try n.int("blocksize"), b > 0 else { throw n.invalid("blocksize", "is required and must be positive") }
        guard x.rank == 4, x.shape[2] % b == 0, x.shape[3] % b == 0 else {
            throw n.unsupported("needs [N, C, H, W] with H and W divisible by blocksize \(b), got \(x.shape)")
        }
        let (batch, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let blocks = try reshape(n, x, [batch, c, h / b, b, w / b, b])
        let moved = try n.apply(INVEngine.Transpose(permutation: [0, 3, 5, 1, 2, 4]), blocks, folding: .movesData)
        return [try reshape(n, moved, [batch, c * b * b, h / b, w / b])]
    }
}
