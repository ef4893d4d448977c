/// Height × width pair used for kernels, strides and dilations of 2-D window ops.
///
/// An integer literal means the same value on both axes: `Conv2D(strides: 2)` is stride 2×2.
public struct Size2D: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public var height: Int
    public var width: Int
    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }
    public init(_ height: Int, _ width: Int) { self.init(height: height, width: width) }
    public init(integerLiteral value: Int) { self.init(height: value, width: value) }
    public var description: String { "\(height)×\(width)" }
}

/// Zero-or-more rows/columns of padding on each side of an image; asymmetric pads are allowed, as in
/// ONNX (`pads = [top, left, bottom, right]`) and TensorFlow's `SAME` padding, which puts the odd
/// extra row/column at the bottom/right: stride 2, kernel 3 on an even size is `(0, 0, 1, 1)`.
public struct Padding2D: Sendable, Hashable, CustomStringConvertible {
    public var top: Int, left: Int, bottom: Int, right: Int
    public init(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) {
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
    }
    /// The same padding on all four sides.
    public static func uniform(_ p: Int) -> Padding2D { Padding2D(top: p, left: p, bottom: p, right: p) }
    public static let zero = Padding2D()
    public var isZero: Bool { self == .zero }
    public var description: String { "(top \(top), left \(left), bottom \(bottom), right \(right))" }
}

/// One spatial axis of a sliding window (convolution or pooling) in ONNX conventions: output `o`
/// tap `t` reads input `o·stride − padBegin + t·dilation`; indices outside `0..<input` are padding.
struct WindowAxis: Sendable, Equatable {
    let input: Int, kernel: Int, stride: Int, dilation: Int, padBegin: Int, padEnd: Int
    /// Number of window positions (may be ≤ 0 for a window larger than the padded input).
    let output: Int

    /// `floor((input + pads − extent) / stride) + 1`; in ceil mode `ceil(…) + 1`, minus a last
    /// window that would start in the end padding (ONNX, PyTorch and onnxruntime agree on this rule).
    init(input: Int, kernel: Int, stride: Int, dilation: Int, padBegin: Int, padEnd: Int, ceilMode: Bool = false) {
        self.input = input
        self.kernel = kernel
        self.stride = stride
        self.dilation = dilation
        self.padBegin = padBegin
        self.padEnd = padEnd
        let span = input + padBegin + padEnd - ((kernel - 1) * dilation + 1)
        guard ceilMode else {
            output = floorDivide(span, stride) + 1
            return
        }
        var count = ceilDivide(span, stride) + 1
        if count > 0 && (count - 1) * stride >= input + padBegin { count -= 1 }
        output = count
    }

    /// Input index read by output `o`, tap `t` (may be outside `0..<input`).
    @inline(__always) func inputIndex(output o: Int, tap t: Int) -> Int { o * stride - padBegin + t * dilation }

    /// The outputs whose tap `t` reads a real input element (not padding); possibly empty.
    func outputs(reading t: Int) -> Range<Int> {
        let offset = t * dilation - padBegin
        let low = Swift.max(0, ceilDivide(-offset, stride))
        let high = Swift.min(output, floorDivide(input - 1 - offset, stride) + 1)
        return low < high ? low..<high : low..<low
    }

    /// The taps of output `o` that read real input elements.
    func taps(of o: Int) -> Range<Int> {
        let start = o * stride - padBegin
        let low = Swift.max(0, ceilDivide(-start, dilation))
        let high = Swift.min(kernel, floorDivide(input - 1 - start, dilation) + 1)
        return low < high ? low..<high : low..<low
    }
}

/// ⌊a / b⌋ for b > 0 (Swift's `/` truncates toward zero).
@inline(__always) func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
/// ⌈a / b⌉ for b > 0.
@inline(__always) func ceilDivide(_ a: Int, _ b: Int) -> Int { -floorDivide(-a, b) }

/// Validation shared by the window ops: positive kernel, strides and dilations, non-negative pads.
func validateWindow(op: String, kernel: Size2D, strides: Size2D, dilations: Size2D, pads: Padding2D) throws {
    guard kernel.height > 0, kernel.width > 0 else { throw ShapeError(op: op, "kernel must be positive, got \(kernel)") }
    guard strides.height > 0, strides.width > 0 else { throw ShapeError(op: op, "strides must be positive, got \(strides)") }
    guard dilations.height > 0, dilations.width > 0 else { throw ShapeError(op: op, "dilations must be positive, got \(dilations)") }
    guard pads.top >= 0, pads.left >= 0, pads.bottom >= 0, pads.right >= 0 else {
        throw ShapeError(op: op, "pads must be non-negative, got \(pads)")
    }
}

/// The height and width axes of a window op over an NCHW input, checked to give a non-empty output.
func windowAxes(op: String, height: Int, width: Int, kernel: Size2D, strides: Size2D, dilations: Size2D,
                pads: Padding2D, ceilMode: Bool = false) throws -> (rows: WindowAxis, columns: WindowAxis) {
    try validateWindow(op: op, kernel: kernel, strides: strides, dilations: dilations, pads: pads)
    let rows = WindowAxis(input: height, kernel: kernel.height, stride: strides.height, dilation: dilations.height,
                          padBegin: pads.top, padEnd: pads.bottom, ceilMode: ceilMode)
    let columns = WindowAxis(input: width, kernel: kernel.width, stride: strides.width, dilation: dilations.width,
                             padBegin: pads.left, padEnd: pads.right, ceilMode: ceilMode)
    guard rows.output > 0, columns.output > 0 else {
        throw ShapeError(op: op, "a \(kernel) window (dilation \(dilations)) does not fit the \(height)×\(width) input padded by \(pads)")
    }
    return (rows, columns)
}
