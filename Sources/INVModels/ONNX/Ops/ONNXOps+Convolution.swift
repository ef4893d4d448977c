import INVEngine

/// `Conv` on 1-D (`[N, C, L]`) and 2-D (`[N, C, H, W]`) inputs, and the window geometry shared with
/// pooling: `kernel_shape`, `strides`, `dilations`, `pads` (`[x1_begin, x2_begin, …, x1_end, x2_end, …]`)
/// and `auto_pad` (`NOTSET`, `SAME_UPPER`, `SAME_LOWER`, `VALID`). 1-D windows run as 2-D ones of
/// height 1.
extension ONNXOps {
    /// `Conv(X, W, B)`: cross-correlation with `group` groups (default 1); `kernel_shape` defaults
    /// to `W`'s spatial extents.
    static func Conv(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X"), w = try n.input(1, "W"), b = n.optionalInput(2)
        guard x.rank == 3 || x.rank == 4 else {
            throw n.unsupported("only 1-D and 2-D convolutions are supported, input has shape \(x.shape)")
        }
        guard w.rank == x.rank else { throw n.unsupported("weights \(w.shape) do not match input \(x.shape)") }
        let groups = try n.int("group", default: 1)
        let kernel = try n.ints("kernel_shape") ?? Array(w.shape[2...])
        guard kernel == Array(w.shape[2...]) else {
            throw n.invalid("kernel_shape", "is \(kernel) but the weights have spatial extents \(Array(w.shape[2...]))")
        }
        let window = try Window(n, spatial: Array(x.shape[2...]), kernel: kernel)
        let conv = INVEngine.Conv2D(strides: window.strides, dilations: window.dilations, pads: window.pads, groups: groups)
        if x.rank == 4 { return [try n.apply(conv, [x, w] + (b.map { [$0] } ?? []))] }
        let x2 = try reshape(n, x, [x.shape[0], x.shape[1], 1, x.shape[2]])
        let w2 = try reshape(n, w, [w.shape[0], w.shape[1], 1, w.shape[2]])
        let y = try n.apply(conv, [x2, w2] + (b.map { [$0] } ?? []))
        return [try reshape(n, y, [y.shape[0], y.shape[1], y.shape[3]])]
    }

    /// The 2-D window of a 1-D or 2-D conv/pool node, from its ONNX attributes.
    struct Window {
        var kernel: Size2D, strides: Size2D, dilations: Size2D, pads: Padding2D

        /// Reads `strides`, `dilations` (unless the op has none), `pads` and `auto_pad` for an
        /// input of spatial extents `spatial` (1 or 2 of them) and the given kernel.
        init(_ n: NodeContext, spatial: [Int], kernel: [Int], hasDilations: Bool = true, ceilMode: Bool = false) throws {
            let rank = spatial.count
            guard kernel.count == rank else { throw n.invalid("kernel_shape", "has \(kernel.count) extents for \(rank) spatial axes") }
            let strides = try n.ints("strides") ?? [Int](repeating: 1, count: rank)
            let dilations = hasDilations ? try n.ints("dilations") ?? [Int](repeating: 1, count: rank) : [Int](repeating: 1, count: rank)
            guard strides.count == rank else { throw n.invalid("strides", "has \(strides.count) values for \(rank) spatial axes") }
            guard dilations.count == rank else { throw n.invalid("dilations", "has \(dilations.count) values for \(rank) spatial axes") }
            var pads = try n.ints("pads") ?? [Int](repeating: 0, count: 2 * rank)
            guard pads.count == 2 * rank else { throw n.invalid("pads", "has \(pads.count) values, expected \(2 * rank)") }
            switch try n.string("auto_pad", default: "NOTSET") {
            case "NOTSET": break
            case "VALID": pads = [Int](repeating: 0, count: 2 * rank)
            case let mode where mode == "SAME_UPPER" || mode == "SAME_LOWER":
                for axis in 0..<rank {
                    let output = (spatial[axis] + strides[axis] - 1) / strides[axis]
                    let total = Swift.max(0, (output - 1) * strides[axis] + (kernel[axis] - 1) * dilations[axis] + 1 - spatial[axis])
                    let smaller = total / 2
                    (pads[axis], pads[axis + rank]) = mode == "SAME_UPPER" ? (smaller, total - smaller) : (total - smaller, smaller)
                }
            case let other:
                throw n.invalid("auto_pad", "is '\(other)', expected NOTSET, SAME_UPPER, SAME_LOWER or VALID")
            }
            func pair(_ v: [Int]) -> Size2D { rank == 1 ? Size2D(1, v[0]) : Size2D(v[0], v[1]) }
            self.kernel = pair(kernel)
            self.strides = pair(strides)
            self.dilations = pair(dilations)
            self.pads = rank == 1
                ? Padding2D(top: 0, left: pads[0], bottom: 0, right: pads[1])
                : Padding2D(top: pads[0], left: pads[1], bottom: pads[2], right: pads[3])
        }
    }
}
