/// Padding of every axis (ONNX `Pad`): `pads` lists the begin amounts of all axes, then the end
/// amounts — `[x1_begin, x2_begin, …, x1_end, x2_end, …]` — so an NCHW image padded by one pixel
/// on each side takes `[0, 0, 1, 1, 0, 0, 1, 1]`. Negative amounts crop.
///
/// Modes: `.constant` fills with `value`; `.reflect` mirrors without repeating the edge element
/// (`[1, 2, 3]` padded by 2 at the start → `[3, 2, 1, 2, 3]`, repeating the reflection for pads
/// longer than the axis, as NumPy does); `.edge` repeats the edge element. Reflection and edge are
/// taken relative to the uncropped input (pad first, then crop). The gradient is the adjoint: each
/// output element's gradient is added to the input element it copied.
///
/// ```swift
/// let y = try Pad(pads: [0, 0, 1, 1, 0, 0, 1, 1], mode: .reflect).forward([x])   // [N, C, H + 2, W + 2]
/// ```
public struct Pad: Op {
    public enum Mode: String, Sendable, CaseIterable { case constant, reflect, edge }

    public let pads: [Int]
    public let mode: Mode
    public let value: Float

    public init(pads: [Int], mode: Mode = .constant, value: Float = 0) {
        self.pads = pads
        self.mode = mode
        self.value = value
    }

    public var name: String { "pad" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let (x, sources) = try plan(inputs)
        let fill = value
        var out = [Float](repeating: 0, count: sources.map(\.count).elementCount)
        x.scalars.withUnsafeBufferPointer { xp in
            visit(sources, x.shape.strides) { o, i in out[o] = i < 0 ? fill : xp[i] }
        }
        return Tensor(shape: sources.map(\.count), scalars: out)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        let (x, sources) = try plan(inputs)
        guard g.shape == sources.map(\.count) else {
            throw ShapeError(op: name, "gradient \(g.shape) does not match the output \(sources.map(\.count))")
        }
        var dx = [Float](repeating: 0, count: x.count)
        g.scalars.withUnsafeBufferPointer { gp in
            visit(sources, x.shape.strides) { o, i in if i >= 0 { dx[i] += gp[o] } }
        }
        return [Tensor(shape: x.shape, scalars: dx)]
    }

    /// For every axis, the input index each output index reads (−1 for a constant fill).
    private func plan(_ inputs: [Tensor]) throws -> (Tensor, [[Int]]) {
        guard inputs.count == 1 else { throw ShapeError(op: name, "expects one input, got \(inputs.count)") }
        let x = inputs[0]
        guard pads.count == 2 * x.rank else {
            throw ShapeError(op: name, "pads \(pads) need \(2 * x.rank) entries (begins, then ends) for input \(x.shape)")
        }
        return (x, try x.shape.enumerated().map { axis, size in
            let (begin, end) = (pads[axis], pads[x.rank + axis])
            let count = size + begin + end
            guard count >= 0 else { throw ShapeError(op: name, "pads \(begin), \(end) crop more than axis \(axis) of \(x.shape) holds") }
            guard size > 0 || count == 0 || mode == .constant else {
                throw ShapeError(op: name, "\(mode.rawValue) padding of the empty axis \(axis) of \(x.shape)")
            }
            return (0..<count).map { source(of: $0 - begin, size: size) }
        })
    }

    /// The input index that padded position `i` (in input coordinates) reads, or −1 for the constant.
    private func source(of i: Int, size: Int) -> Int {
        if i >= 0 && i < size { return i }
        switch mode {
        case .constant: return -1
        case .edge: return Swift.min(Swift.max(i, 0), size - 1)
        case .reflect:
            guard size > 1 else { return 0 }
            let period = 2 * (size - 1)
            let r = ((i % period) + period) % period
            return r < size ? r : period - r
        }
    }

    /// Calls `body(outputOffset, inputOffset or −1)` for every output element in row-major order.
    private func visit(_ sources: [[Int]], _ strides: [Int], _ body: (Int, Int) -> Void) {
        let shape = sources.map(\.count)
        guard shape.allSatisfy({ $0 > 0 }) else { return }
        guard let inner = sources.last else { body(0, 0); return }
        let rank = shape.count
        var index = [Int](repeating: 0, count: rank - 1)
        var o = 0
        for _ in 0..<(shape.elementCount / inner.count) {
            var base = 0, constant = false
            for axis in 0..<(rank - 1) {
                let s = sources[axis][index[axis]]
                if s < 0 { constant = true }
                base += s * strides[axis]
            }
            for s in inner {
                body(o, constant || s < 0 ? -1 : base + s * strides[rank - 1])
                o += 1
            }
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
