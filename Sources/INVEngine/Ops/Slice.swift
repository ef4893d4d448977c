/// Strided slicing (ONNX `Slice` semantics): for each listed axis, elements `start, start+step, …`
/// up to but excluding `end`. Negative starts/ends count from the end; out-of-range values clamp;
/// negative steps walk backwards. Unlisted axes are kept whole.
public struct Slice: Op {
    public let starts: [Int], ends: [Int], axes: [Int], steps: [Int]
    public init(starts: [Int], ends: [Int], axes: [Int]? = nil, steps: [Int]? = nil) {
        self.starts = starts
        self.ends = ends
        self.axes = axes ?? Array(starts.indices)
        self.steps = steps ?? [Int](repeating: 1, count: starts.count)
    }
    public var name: String { "slice" }

    /// One axis' selection: first index, number of elements, step.
    struct Range1D { var start: Int, count: Int, step: Int }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        return Self.gather(x, try ranges(for: x.shape))
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        let x = inputs[0]
        var dx = Tensor.zeros(x.shape)
        Self.visit(x.shape, try ranges(for: x.shape)) { o, i in dx.scalars[i] = g.scalars[o] }
        return [dx]
    }

    func ranges(for shape: [Int]) throws -> [Range1D] {
        guard starts.count == ends.count, axes.count == starts.count, steps.count == starts.count else {
            throw ShapeError(op: name, "starts \(starts), ends \(ends), axes \(axes), steps \(steps) differ in length")
        }
        var result = shape.map { Range1D(start: 0, count: $0, step: 1) }
        for (j, rawAxis) in axes.enumerated() {
            let axis = try normalizedAxis(rawAxis, rank: shape.count, op: name)
            let dim = shape[axis], step = steps[j]
            guard step != 0 else { throw ShapeError(op: name, "step 0 on axis \(rawAxis)") }
            func resolve(_ v: Int) -> Int { v < 0 ? v + dim : v }
            var start = resolve(starts[j]), end = resolve(ends[j])
            if step > 0 {
                start = Swift.min(Swift.max(start, 0), dim)
                end = Swift.min(Swift.max(end, 0), dim)
                result[axis] = Range1D(start: start, count: Swift.max(0, (end - start + step - 1) / step), step: step)
            } else {
                start = Swift.min(Swift.max(start, 0), dim - 1)
                end = Swift.min(Swift.max(end, -1), dim - 1)
                result[axis] = Range1D(start: start, count: Swift.max(0, (start - end - step - 1) / -step), step: step)
            }
        }
        return result
    }

    /// Calls `body(outputOffset, inputOffset)` for every selected element in output order.
    static func visit(_ shape: [Int], _ ranges: [Range1D], _ body: (Int, Int) -> Void) {
        let outShape = ranges.map(\.count)
        let total = outShape.elementCount
        guard total > 0 else { return }
        let strides = shape.strides
        var index = [Int](repeating: 0, count: shape.count)
        var offset = zip(ranges, strides).reduce(0) { $0 + $1.0.start * $1.1 }
        for o in 0..<total {
            body(o, offset)
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                offset += ranges[axis].step * strides[axis]
                if index[axis] < outShape[axis] { break }
                offset -= ranges[axis].step * strides[axis] * outShape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    static func gather(_ x: Tensor, _ ranges: [Range1D]) -> Tensor {
        var out = [Float](repeating: 0, count: ranges.map(\.count).elementCount)
        visit(x.shape, ranges) { o, i in out[o] = x.scalars[i] }
        return Tensor(shape: ranges.map(\.count), scalars: out)
    }

    /// `count` elements from `start` along one axis.
    static func extract(_ x: Tensor, axis: Int, start: Int, count: Int, step: Int) -> Tensor {
        var ranges = x.shape.map { Range1D(start: 0, count: $0, step: 1) }
        ranges[axis] = Range1D(start: start, count: count, step: step)
        return gather(x, ranges)
    }
}
