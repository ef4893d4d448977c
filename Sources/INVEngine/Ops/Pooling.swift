/// 2-D max pooling (ONNX `MaxPool`): `y[n, c, ho, wo]` is the largest `x[n, c, ho·sh − top + i·dh, wo·sw − left + j·dw]`
/// over the `kh × kw` window, padding counting as −∞.
///
/// Input `[N, C, H, W]`, output `[N, C, outH, outW]` with the window-count formula of ``Conv2D``;
/// with `ceilMode` the count rounds up, but a last window that would start in the end padding is
/// dropped (ONNX, PyTorch and onnxruntime agree). A window lying wholly in padding gives −∞.
/// The gradient goes to the first maximum of each window in row-major window order.
///
/// ```swift
/// let pool = MaxPool2D(kernel: 3, strides: 2, pads: .uniform(1))   // ResNet's stem pool
/// let y = try pool.forward([x /* [1, 64, 112, 112] */])              // [1, 64, 56, 56]
/// ```
public struct MaxPool2D: Op {
    public let kernel: Size2D, strides: Size2D, pads: Padding2D, dilations: Size2D
    public let ceilMode: Bool

    public init(kernel: Size2D, strides: Size2D = 1, pads: Padding2D = .zero, dilations: Size2D = 1, ceilMode: Bool = false) {
        self.kernel = kernel
        self.strides = strides
        self.pads = pads
        self.dilations = dilations
        self.ceilMode = ceilMode
    }

    public var name: String { "maxpool2d" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let p = try PoolGeometry(op: name, inputs, kernel: kernel, strides: strides, dilations: dilations, pads: pads, ceilMode: ceilMode)
        return p.map(inputs[0]) { plane, ho, wo in
            var best = -Float.infinity
            p.forEachTap(ho, wo) { offset in best = Swift.max(best, plane[offset]) }
            return best
        }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        let p = try PoolGeometry(op: name, inputs, kernel: kernel, strides: strides, dilations: dilations, pads: pads, ceilMode: ceilMode)
        return [try p.scatter(inputs[0], gradient) { plane, ho, wo, g, dx in
            var best = -Float.infinity, first = -1
            p.forEachTap(ho, wo) { offset in
                if first < 0 || plane[offset] > best { (best, first) = (plane[offset], offset) }
            }
            if first >= 0 { dx[first] += g }
        }]
    }
}

/// 2-D average pooling (ONNX `AveragePool`): the mean of each `kh × kw` window.
///
/// With `countIncludePad` the divisor counts the padding positions the window covers (but never
/// positions past the end padding, reachable in ceil mode); without it, only real input elements
/// (ONNX default). Shapes and `ceilMode` as in ``MaxPool2D``. The gradient spreads each output's
/// gradient evenly (÷ the same divisor) over the window's real elements.
///
/// ```swift
/// let pool = AveragePool2D(kernel: 2, strides: 2)   // halves H and W
/// ```
public struct AveragePool2D: Op {
    public let kernel: Size2D, strides: Size2D, pads: Padding2D
    public let countIncludePad: Bool, ceilMode: Bool

    public init(kernel: Size2D, strides: Size2D = 1, pads: Padding2D = .zero, countIncludePad: Bool = false, ceilMode: Bool = false) {
        self.kernel = kernel
        self.strides = strides
        self.pads = pads
        self.countIncludePad = countIncludePad
        self.ceilMode = ceilMode
    }

    public var name: String { "averagepool2d" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let p = try PoolGeometry(op: name, inputs, kernel: kernel, strides: strides, dilations: 1, pads: pads, ceilMode: ceilMode)
        return p.map(inputs[0]) { plane, ho, wo in
            var sum: Float = 0
            p.forEachTap(ho, wo) { offset in sum += plane[offset] }
            let count = p.divisor(ho, wo, includingPad: countIncludePad)
            return count > 0 ? sum / Float(count) : 0
        }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        let p = try PoolGeometry(op: name, inputs, kernel: kernel, strides: strides, dilations: 1, pads: pads, ceilMode: ceilMode)
        return [try p.scatter(inputs[0], gradient) { _, ho, wo, g, dx in
            let count = p.divisor(ho, wo, includingPad: countIncludePad)
            guard count > 0 else { return }
            let share = g / Float(count)
            p.forEachTap(ho, wo) { offset in dx[offset] += share }
        }]
    }
}

/// Global average pooling (ONNX `GlobalAveragePool`): `[N, C, d₁, …]` → `[N, C, 1, …]`, the mean
/// of each channel's spatial plane; the gradient spreads evenly over the plane.
public struct GlobalAveragePool: Op {
    public init() {}
    public var name: String { "globalaveragepool" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let (x, planes, size) = try layout(inputs)
        return Tensor(uninitializedShape: outputShape(x.shape)) { out in
            let y = SharedPointer(out.baseAddress!)
            x.scalars.withUnsafeBufferPointer { xp in
                let source = SharedConstPointer(xp.baseAddress!)
                Parallel.forEach(planes) { plane in
                    var sum: Double = 0
                    for i in 0..<size { sum += Double(source[plane * size + i]) }
                    y[plane] = Float(sum / Double(size))
                }
            }
        }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        let (x, planes, size) = try layout(inputs)
        guard gradient.shape == outputShape(x.shape) else {
            throw ShapeError(op: name, "gradient \(gradient.shape) does not match the output \(outputShape(x.shape))")
        }
        return [Tensor(uninitializedShape: x.shape) { dx in
            for plane in 0..<planes {
                let share = gradient.scalars[plane] / Float(size)
                for i in 0..<size { dx[plane * size + i] = share }
            }
        }]
    }

    private func outputShape(_ shape: [Int]) -> [Int] { Array(shape.prefix(2)) + [Int](repeating: 1, count: shape.count - 2) }

    private func layout(_ inputs: [Tensor]) throws -> (x: Tensor, planes: Int, size: Int) {
        guard inputs.count == 1 else { throw ShapeError(op: name, "expects one input, got \(inputs.count)") }
        let x = inputs[0]
        guard x.rank >= 3 else { throw ShapeError(op: name, "input must be [N, C, d₁, …], got \(x.shape)") }
        let size = x.shape.dropFirst(2).reduce(1, *)
        guard size > 0, x.count > 0 else { throw ShapeError(op: name, "input \(x.shape) is empty") }
        return (x, x.shape[0] * x.shape[1], size)
    }
}

/// Sizes of a pooling window over NCHW planes, and the loops the pooling ops share: planes are
/// independent, so they are spread across cores in fixed chunks.
struct PoolGeometry: Sendable {
    let op: String
    let planes: Int
    let rows: WindowAxis, columns: WindowAxis
    let outShape: [Int]

    init(op: String, _ inputs: [Tensor], kernel: Size2D, strides: Size2D, dilations: Size2D, pads: Padding2D, ceilMode: Bool) throws {
        guard inputs.count == 1 else { throw ShapeError(op: op, "expects one input, got \(inputs.count)") }
        self.op = op
        let x = inputs[0]
        guard x.rank == 4, x.shape[2] > 0, x.shape[3] > 0 else {
            throw ShapeError(op: op, "input must be a non-empty [N, C, H, W], got \(x.shape)")
        }
        (rows, columns) = try windowAxes(op: op, height: x.shape[2], width: x.shape[3], kernel: kernel, strides: strides,
                                         dilations: dilations, pads: pads, ceilMode: ceilMode)
        planes = x.shape[0] * x.shape[1]
        outShape = [x.shape[0], x.shape[1], rows.output, columns.output]
    }

    var inPlane: Int { rows.input * columns.input }
    var outPlane: Int { rows.output * columns.output }
    private var planesPerTask: Int { Swift.max(1, (1 << 15) / Swift.max(outPlane * rows.kernel * columns.kernel, 1)) }

    /// Calls `body(offset)` with the in-plane offset of every real input element of window `(ho, wo)`,
    /// rows first.
    @inline(__always)
    func forEachTap(_ ho: Int, _ wo: Int, _ body: (Int) -> Void) {
        let liveColumns = columns.taps(of: wo)
        for i in rows.taps(of: ho) {
            let rowStart = rows.inputIndex(output: ho, tap: i) * columns.input
            for j in liveColumns { body(rowStart + columns.inputIndex(output: wo, tap: j)) }
        }
    }

    /// Average-pool divisor of window `(ho, wo)`: its real elements, or with `includingPad` every
    /// position inside the padded input.
    func divisor(_ ho: Int, _ wo: Int, includingPad: Bool) -> Int {
        guard includingPad else { return rows.taps(of: ho).count * columns.taps(of: wo).count }
        func covered(_ axis: WindowAxis, _ o: Int) -> Int {
            let start = o * axis.stride - axis.padBegin
            return Swift.min(start + axis.kernel, axis.input + axis.padEnd) - start
        }
        return covered(rows, ho) * covered(columns, wo)
    }

    /// The output tensor with `value(plane, ho, wo)` at each position; `plane` points at the input plane.
    func map(_ x: Tensor, _ value: @Sendable (UnsafePointer<Float>, Int, Int) -> Float) -> Tensor {
        guard planes > 0 else { return Tensor.zeros(outShape) }
        let chunks = Parallel.ranges(planes, chunk: planesPerTask)
        return Tensor(uninitializedShape: outShape) { out in
            let y = SharedPointer(out.baseAddress!)
            x.scalars.withUnsafeBufferPointer { xp in
                let source = SharedConstPointer(xp.baseAddress!)
                Parallel.forEach(chunks.count) { task in
                    for plane in chunks[task] {
                        var o = plane * outPlane
                        for ho in 0..<rows.output {
                            for wo in 0..<columns.output {
                                y[o] = value(source + plane * inPlane, ho, wo)
                                o += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// The input gradient: `add(plane, ho, wo, g, dxPlane)` adds output gradient `g` of window
    /// `(ho, wo)` into the plane's input gradient. Each plane is accumulated in output order.
    func scatter(_ x: Tensor, _ gradient: Tensor,
                 _ add: @Sendable (UnsafePointer<Float>, Int, Int, Float, UnsafeMutablePointer<Float>) -> Void) throws -> Tensor {
        guard gradient.shape == outShape else {
            throw ShapeError(op: op, "gradient \(gradient.shape) does not match the output \(outShape)")
        }
        guard planes > 0 else { return Tensor.zeros(x.shape) }
        let chunks = Parallel.ranges(planes, chunk: planesPerTask)
        var dx = Tensor.zeros(x.shape)
        dx.scalars.withUnsafeMutableBufferPointer { dp in
            let target = SharedPointer(dp.baseAddress!)
            x.scalars.withUnsafeBufferPointer { xp in
                gradient.scalars.withUnsafeBufferPointer { gp in
                    let (source, grads) = (SharedConstPointer(xp.baseAddress!), SharedConstPointer(gp.baseAddress!))
                    Parallel.forEach(chunks.count) { task in
                        for plane in chunks[task] {
                            var o = plane * outPlane
                            for ho in 0..<rows.output {
                                for wo in 0..<columns.output {
                                    add(source + plane * inPlane, ho, wo, grads[o], target + plane * inPlane)
                                    o += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
