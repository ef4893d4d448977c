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
        try kernels(inputs).maxForward(inputs[0])
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        return [try kernels(inputs).maxBackward(inputs[0], output: output, gradient: gradient)]
    }

    private func kernels(_ inputs: [Tensor]) throws -> Pool2D {
        try Pool2D(op: name, inputs, kernel: kernel, strides: strides, dilations: dilations, pads: pads, ceilMode: ceilMode)
    }
}

/// 2-D average pooling (ONNX `AveragePool`): the mean of each `kh × kw` window.
///
/// With `countIncludePad` the divisor counts the padding positions the window covers (but never
/// positions past the end padding, reachable in ceil mode); without it, only real input elements
/// (ONNX default; a window without any then gives 0). Shapes and `ceilMode` as in ``MaxPool2D``.
/// The gradient spreads each output's gradient evenly (÷ the same divisor) over the window's real
/// elements.
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
        try kernels(inputs).averageForward(inputs[0], includingPad: countIncludePad)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        return [try kernels(inputs).averageBackward(inputs[0], output: output, gradient: gradient, includingPad: countIncludePad)]
    }

    private func kernels(_ inputs: [Tensor]) throws -> Pool2D {
        try Pool2D(op: name, inputs, kernel: kernel, strides: strides, dilations: 1, pads: pads, ceilMode: ceilMode)
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
