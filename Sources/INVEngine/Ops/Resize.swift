import Foundation

/// Nearest or (bi)linear resizing of the last two axes (ONNX `Resize`, modes `nearest` and `linear`).
///
/// Input `[…, H, W]` (NCHW images: `[N, C, H, W]`), output `[…, outputSize[0], outputSize[1]]`.
/// Each output index `o` on an axis maps to an input coordinate by the ONNX
/// `coordinate_transformation_mode` with `scale = output / input` (or the given `scales`, as when an
/// ONNX node specifies scales rather than sizes):
/// - `.halfPixel`: `(o + ½) / scale − ½`; `.pytorchHalfPixel`: the same, but 0 when the output has
///   length 1; `.alignCorners`: `o · (input − 1) / (output − 1)` (0 for length 1);
///   `.asymmetric`: `o / scale`.
///
/// `.nearest` rounds that coordinate by `nearest` (`round_prefer_floor`, `round_prefer_ceil`,
/// `floor`, `ceil`) and clamps it to the axis; `.linear` interpolates between the two neighbours
/// of the coordinate clamped to `[0, input − 1]`. The backward rule is the adjoint: each output
/// gradient is scattered onto the input elements it was made from, with the same weights.
///
/// ```swift
/// let up = Resize(mode: .linear, outputSize: [224, 224])            // half-pixel bilinear
/// let cam = try up.forward([heatmap /* [1, 1, 7, 7] */])             // [1, 1, 224, 224]
/// ```
public struct Resize: Op {
    public enum Mode: String, Sendable, CaseIterable { case nearest, linear }
    public enum CoordinateTransform: String, Sendable, CaseIterable { case halfPixel, alignCorners, asymmetric, pytorchHalfPixel }
    public enum NearestRounding: String, Sendable, CaseIterable { case roundPreferFloor, roundPreferCeil, floor, ceil }

    public let mode: Mode
    /// Output `[height, width]`.
    public let outputSize: [Int]
    public let coordinates: CoordinateTransform
    public let nearest: NearestRounding
    /// Optional ONNX `scales` for `[height, width]`; by default `outputSize / inputSize`.
    public let scales: [Float]?

    public init(mode: Mode, outputSize: [Int], coordinates: CoordinateTransform = .halfPixel,
                nearest: NearestRounding = .roundPreferFloor, scales: [Float]? = nil) {
        self.mode = mode
        self.outputSize = outputSize
        self.coordinates = coordinates
        self.nearest = nearest
        self.scales = scales
    }

    public var name: String { "resize" }

    /// One output index's sources on one axis: `value = w0 · x[i0] + w1 · x[i1]` (nearest: `w1 = 0`).
    struct Tap: Sendable { var i0: Int, i1: Int, w0: Float, w1: Float }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let (x, planes, rows, columns) = try plan(inputs)
        let (h, w) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
        let outShape = Array(x.shape.dropLast(2)) + outputSize
        guard planes > 0 && rows.count * columns.count > 0 else { return Tensor.zeros(outShape) }
        let outPlane = rows.count * columns.count
        return Tensor(uninitializedShape: outShape) { out in
            let y = SharedPointer(out.baseAddress!)
            x.scalars.withUnsafeBufferPointer { xp in
                let source = SharedConstPointer(xp.baseAddress!)
                Parallel.forEach(planes) { plane in
                    let src = source + plane * h * w
                    var o = plane * outPlane
                    for r in rows {
                        let (top, bottom) = (src + r.i0 * w, src + r.i1 * w)
                        for c in columns {
                            let upper = c.w0 * top[c.i0] + c.w1 * top[c.i1]
                            let lower = c.w0 * bottom[c.i0] + c.w1 * bottom[c.i1]
                            y[o] = r.w0 * upper + r.w1 * lower
                            o += 1
                        }
                    }
                }
            }
        }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        let (x, planes, rows, columns) = try plan(inputs)
        let (h, w) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
        guard g.shape == Array(x.shape.dropLast(2)) + outputSize else {
            throw ShapeError(op: name, "gradient \(g.shape) does not match the output \(Array(x.shape.dropLast(2)) + outputSize)")
        }
        var dx = Tensor.zeros(x.shape)
        guard planes > 0 && rows.count * columns.count > 0 && x.count > 0 else { return [dx] }
        let outPlane = rows.count * columns.count
        dx.scalars.withUnsafeMutableBufferPointer { dp in
            let target = SharedPointer(dp.baseAddress!)
            g.scalars.withUnsafeBufferPointer { gp in
                let grads = SharedConstPointer(gp.baseAddress!)
                Parallel.forEach(planes) { plane in
                    let dst = target + plane * h * w
                    var o = plane * outPlane
                    for r in rows {
                        let (top, bottom) = (dst + r.i0 * w, dst + r.i1 * w)
                        for c in columns {
                            let (upper, lower) = (r.w0 * grads[o], r.w1 * grads[o])
                            top[c.i0] += c.w0 * upper
                            top[c.i1] += c.w1 * upper
                            bottom[c.i0] += c.w0 * lower
                            bottom[c.i1] += c.w1 * lower
                            o += 1
                        }
                    }
                }
            }
        }
        return [dx]
    }

    private func plan(_ inputs: [Tensor]) throws -> (x: Tensor, planes: Int, rows: [Tap], columns: [Tap]) {
        guard inputs.count == 1 else { throw ShapeError(op: name, "expects one input, got \(inputs.count)") }
        let x = inputs[0]
        guard x.rank >= 2 else { throw ShapeError(op: name, "input must have rank ≥ 2, got \(x.shape)") }
        guard outputSize.count == 2, outputSize.allSatisfy({ $0 >= 0 }) else {
            throw ShapeError(op: name, "outputSize must be [height, width] ≥ 0, got \(outputSize)")
        }
        if let scales { guard scales.count == 2, scales.allSatisfy({ $0 > 0 }) else {
            throw ShapeError(op: name, "scales must be two positive numbers [height, width], got \(scales)")
        } }
        let (h, w) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
        guard h > 0 && w > 0 || outputSize.contains(0) else {
            throw ShapeError(op: name, "cannot resize the empty image \(x.shape) to \(outputSize)")
        }
        let planes = h * w > 0 ? x.count / (h * w) : 0
        return (x, planes, taps(input: h, output: outputSize[0], scale: scales?[0]),
                taps(input: w, output: outputSize[1], scale: scales?[1]))
    }

    /// The sources of every output index along one axis.
    func taps(input: Int, output: Int, scale: Float?) -> [Tap] {
        let s = scale.map(Double.init) ?? Double(output) / Double(input)
        return (0..<output).map { o in
            let x: Double = switch coordinates {
            case .halfPixel: (Double(o) + 0.5) / s - 0.5
            case .pytorchHalfPixel: output > 1 ? (Double(o) + 0.5) / s - 0.5 : 0
            case .alignCorners: output > 1 ? Double(o) * Double(input - 1) / Double(output - 1) : 0
            case .asymmetric: Double(o) / s
            }
            switch mode {
            case .nearest:
                let i = Swift.min(Swift.max(Int(rounded(x)), 0), input - 1)
                return Tap(i0: i, i1: i, w0: 1, w1: 0)
            case .linear:
                let clamped = Swift.min(Swift.max(x, 0), Double(input - 1))
                let i0 = Int(clamped.rounded(.down))
                let frac = Float(clamped - Double(i0))
                return Tap(i0: i0, i1: Swift.min(i0 + 1, input - 1), w0: 1 - frac, w1: frac)
            }
        }
    }

    private func rounded(_ x: Double) -> Double {
        switch nearest {
        case .floor: x.rounded(.down)
        case .ceil: x.rounded(.up)
        case .roundPreferFloor: x - x.rounded(.down) == 0.5 ? x.rounded(.down) : x.rounded()
        case .roundPreferCeil: x - x.rounded(.down) == 0.5 ? x.rounded(.up) : x.rounded()
        }
    }
}
