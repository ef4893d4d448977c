/// Sum or mean over a set of axes (NumPy `keepdims` semantics).
///
/// `Reduce(kind: .mean, axes: [2, 3], keepDims: true)` on `[N, C, H, W]` gives `[N, C, 1, 1]`.
/// An empty `axes` list reduces over every axis. Negative axes count from the end.
public struct Reduce: Op {
    public enum Kind: String, Sendable { case sum, mean }
    public let kind: Kind
    public let axes: [Int]
    public let keepDims: Bool
    public init(kind: Kind, axes: [Int], keepDims: Bool = false) {
        self.kind = kind
        self.axes = axes
        self.keepDims = keepDims
    }
    public var name: String { "reduce-\(kind.rawValue)" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        let resolved = try resolvedAxes(rank: x.rank)
        let summed = AxisReduction.sum(x, axes: resolved, keepDims: keepDims)
        guard kind == .mean else { return summed }
        let n = Float(resolved.reduce(1) { $0 * x.shape[$1] })
        return summed.map { $0 / n }
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        let x = inputs[0]
        let resolved = try resolvedAxes(rank: x.rank)
        let kept = x.shape.enumerated().map { resolved.contains($0.offset) ? 1 : $0.element }
        var grad = try Elementwise.apply(.add, Tensor.zeros(x.shape), g.reshaped(kept), op: name)
        if kind == .mean {
            let n = Float(resolved.reduce(1) { $0 * x.shape[$1] })
            grad = grad.map { $0 / n }
        }
        return [grad]
    }

    private func resolvedAxes(rank: Int) throws -> [Int] {
        if axes.isEmpty { return Array(0..<rank) }
        return try Set(axes.map { try normalizedAxis($0, rank: rank, op: name) }).sorted()
    }
}

/// Reduction kernels shared by ops and by broadcasting's adjoint.
public enum AxisReduction {
    /// Sums `x` over `axes` (already normalised). Each output scalar accumulates its inputs in
    /// increasing row-major order, so the result does not depend on threading.
    public static func sum(_ x: Tensor, axes: [Int], keepDims: Bool) -> Tensor {
        let reduced = Set(axes)
        let keptShape = x.shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
        let outShape = keepDims ? keptShape : x.shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
        var out = [Float](repeating: 0, count: keptShape.elementCount)
        // Input strides expressed in the output's index space (0 along reduced axes).
        let outStrides = keptShape.strides
        let map = x.shape.indices.map { reduced.contains($0) ? 0 : outStrides[$0] }
        x.scalars.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                let rank = x.rank
                guard rank > 0 else { op[0] = xp[0]; return }
                let inner = x.shape[rank - 1], innerStride = map[rank - 1]
                var index = [Int](repeating: 0, count: rank - 1)
                var base = 0, i = 0
                guard inner > 0 else { return }
                for _ in 0..<(x.count / inner) {
                    if innerStride == 0 {
                        var s: Float = 0
                        for j in 0..<inner { s += xp[i + j] }
                        op[base] += s
                    } else {
                        for j in 0..<inner { op[base + j] += xp[i + j] }
                    }
                    i += inner
                    var axis = rank - 2
                    while axis >= 0 {
                        index[axis] += 1
                        base += map[axis]
                        if index[axis] < x.shape[axis] { break }
                        base -= map[axis] * x.shape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return Tensor(shape: outShape, scalars: out)
    }
}
