/// Max- and average-pooling kernels over NCHW planes.
///
/// Loops run tap-major: for each output row and each kernel tap `(i, j)` whose input row is real,
/// one pass along the output row over the columns whose tap reads real input, so the inner loops
/// are long, carry no bounds tests, and visit a window's taps in row-major order. Planes are
/// independent and spread over the cores in fixed chunks; results do not depend on the thread count.
struct Pool2D: Sendable {
    let op: String
    let planes: Int
    let rows: WindowAxis, columns: WindowAxis
    let outShape: [Int]
    /// For each column tap, the output columns that read real input through it.
    private let liveColumns: [Range<Int>]

    init(op: String, _ inputs: [Tensor], kernel: Size2D, strides: Size2D, dilations: Size2D, pads: Padding2D, ceilMode: Bool) throws {
        guard inputs.count == 1 else { throw ShapeError(op: op, "expects one input, got \(inputs.count)") }
        let x = inputs[0]
        guard x.rank == 4, x.shape[2] > 0, x.shape[3] > 0 else {
            throw ShapeError(op: op, "input must be a non-empty [N, C, H, W], got \(x.shape)")
        }
        let (rows, columns) = try windowAxes(op: op, height: x.shape[2], width: x.shape[3], kernel: kernel, strides: strides,
                                             dilations: dilations, pads: pads, ceilMode: ceilMode)
        self.op = op
        self.rows = rows
        self.columns = columns
        planes = x.shape[0] * x.shape[1]
        outShape = [x.shape[0], x.shape[1], rows.output, columns.output]
        liveColumns = (0..<columns.kernel).map { columns.outputs(reading: $0) }
    }

    var inPlane: Int { rows.input * columns.input }
    var outPlane: Int { rows.output * columns.output }

    // MARK: Max

    /// Window maxima; −∞ for a window wholly in the padding.
    func maxForward(_ x: Tensor) -> Tensor {
        mapPlanes(x, outputShape: outShape) { src, dst, _ in
            dst.update(repeating: -.infinity, count: outPlane)
            forEachTapRow { ho, hi, j, live in
                let (row, input) = (dst + ho * columns.output, src + hi * columns.input + shift(j))
                let s = columns.stride
                for wo in live { let v = input[wo * s]; if v > row[wo] { row[wo] = v } }
            }
        }
    }

    /// Routes each output gradient to the first input element (row-major in the window) equal to
    /// the window's maximum `y`.
    func maxBackward(_ x: Tensor, output y: Tensor, gradient g: Tensor) throws -> Tensor {
        try scatterPlanes(x, output: y, gradient: g) { src, maxima, grads, dx, routed in
            routed.update(repeating: 0, count: outPlane)
            forEachTapRow { ho, hi, j, live in
                let o = ho * columns.output
                let offset = hi * columns.input + shift(j)
                let s = columns.stride
                for wo in live where routed[o + wo] == 0 && src[offset + wo * s] == maxima[o + wo] {
                    dx[offset + wo * s] += grads[o + wo]
                    routed[o + wo] = 1
                }
            }
        }
    }

    // MARK: Average

    /// Window means; the divisor counts real elements, or with `includingPad` every position
    /// inside the padded input (never the positions past the end padding reachable in ceil mode).
    func averageForward(_ x: Tensor, includingPad: Bool) -> Tensor {
        let divisors = windowSizes(includingPad: includingPad)
        return mapPlanes(x, outputShape: outShape) { src, dst, _ in
            dst.update(repeating: 0, count: outPlane)
            forEachTapRow { ho, hi, j, live in
                let (row, input) = (dst + ho * columns.output, src + hi * columns.input + shift(j))
                let s = columns.stride
                for wo in live { row[wo] += input[wo * s] }
            }
            for o in 0..<outPlane { dst[o] = divisors[o] > 0 ? dst[o] / divisors[o] : 0 }
        }
    }

    /// Spreads each output gradient evenly (÷ the forward divisor) over its window's real elements.
    func averageBackward(_ x: Tensor, output y: Tensor, gradient g: Tensor, includingPad: Bool) throws -> Tensor {
        let divisors = windowSizes(includingPad: includingPad)
        return try scatterPlanes(x, output: y, gradient: g) { _, _, grads, dx, shares in
            for o in 0..<outPlane { shares[o] = divisors[o] > 0 ? grads[o] / divisors[o] : 0 }
            forEachTapRow { ho, hi, j, live in
                let (share, target) = (shares + ho * columns.output, dx + hi * columns.input + shift(j))
                let s = columns.stride
                for wo in live { target[wo * s] += share[wo] }
            }
        }
    }

    /// Divisor of every output position of a plane.
    private func windowSizes(includingPad: Bool) -> [Float] {
        func counts(_ axis: WindowAxis) -> [Int] {
            (0..<axis.output).map { o in
                guard includingPad else { return axis.taps(of: o).count }
                let start = o * axis.stride - axis.padBegin
                return Swift.min(start + axis.kernel, axis.input + axis.padEnd) - start
            }
        }
        let (r, c) = (counts(rows), counts(columns))
        return r.flatMap { rc in c.map { Float(rc * $0) } }
    }

    // MARK: Loops

    /// Offset of column tap `j` relative to `wo · stride`.
    @inline(__always) private func shift(_ j: Int) -> Int { j * columns.dilation - columns.padBegin }

    /// `body(ho, hi, j, liveColumns)` for every output row `ho`, row tap with real input row `hi`
    /// and column tap `j`, in row-major tap order.
    @inline(__always)
    private func forEachTapRow(_ body: (Int, Int, Int, Range<Int>) -> Void) {
        for ho in 0..<rows.output {
            for i in rows.taps(of: ho) {
                let hi = rows.inputIndex(output: ho, tap: i)
                for j in 0..<columns.kernel where !liveColumns[j].isEmpty { body(ho, hi, j, liveColumns[j]) }
            }
        }
    }

    /// Planes per task: about 64 K window taps each.
    private var chunks: [Range<Int>] {
        Parallel.ranges(planes, chunk: Swift.max(1, (1 << 16) / Swift.max(outPlane * rows.kernel * columns.kernel, 1)))
    }

    /// A tensor of `outputShape` whose planes `fill(inputPlane, outputPlane, scratch)` writes.
    private func mapPlanes(_ x: Tensor, outputShape: [Int],
                           _ fill: @Sendable (UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> Tensor {
        guard planes > 0 else { return Tensor.zeros(outputShape) }
        let chunks = chunks
        return Tensor(uninitializedShape: outputShape) { out in
            let y = SharedPointer(out.baseAddress!)
            x.scalars.withUnsafeBufferPointer { xp in
                let source = SharedConstPointer(xp.baseAddress!)
                Parallel.forEachTask(chunks.count, scratchCount: 0) { task, scratch in
                    for plane in chunks[task] { fill(source + plane * inPlane, y + plane * outPlane, scratch) }
                }
            }
        }
    }

    /// The input gradient: `add(inputPlane, outputPlane, gradientPlane, dxPlane, scratch)` adds one
    /// plane's contributions into `dxPlane` (zero on entry); `scratch` holds `outPlane` floats.
    private func scatterPlanes(_ x: Tensor, output y: Tensor, gradient g: Tensor,
                               _ add: @Sendable (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>,
                                                 UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) throws -> Tensor {
        guard g.shape == outShape, y.shape == outShape else {
            throw ShapeError(op: op, "gradient \(g.shape) and output \(y.shape) must match the output shape \(outShape)")
        }
        var dx = Tensor.zeros(x.shape)
        guard planes > 0 else { return dx }
        let chunks = chunks
        dx.scalars.withUnsafeMutableBufferPointer { dp in
            let target = SharedPointer(dp.baseAddress!)
            x.scalars.withUnsafeBufferPointer { xp in
                y.scalars.withUnsafeBufferPointer { yp in
                    g.scalars.withUnsafeBufferPointer { gp in
                        let (source, maxima, grads) = (SharedConstPointer(xp.baseAddress!), SharedConstPointer(yp.baseAddress!),
                                                       SharedConstPointer(gp.baseAddress!))
                        Parallel.forEachTask(chunks.count, scratchCount: outPlane) { task, scratch in
                            for plane in chunks[task] {
                                add(source + plane * inPlane, maxima + plane * outPlane, grads + plane * outPlane,
                                    target + plane * inPlane, scratch)
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
