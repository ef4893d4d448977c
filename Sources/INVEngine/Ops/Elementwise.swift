/// Binary elementwise arithmetic with NumPy broadcasting: `add`, `sub`, `mul`, `div`.
///
/// Shapes broadcast from the right (see ``Broadcast/shape(_:_:op:)``): `[N, C, H, W] * [1, C, 1, 1]`
/// scales each channel. Gradients are summed back over the broadcast axes.
///
/// ```swift
/// let y = try Elementwise(.mul).forward([x, Tensor(shape: [1, 3, 1, 1], scalars: [1, 2, 3])])
/// ```
public struct Elementwise: Op {
    public enum Kind: String, Sendable, CaseIterable { case add, sub, mul, div }
    public let kind: Kind
    public init(_ kind: Kind) { self.kind = kind }

    public static let add = Elementwise(.add), sub = Elementwise(.sub), mul = Elementwise(.mul), div = Elementwise(.div)

    public var name: String { kind.rawValue }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        try Self.apply(kind, inputs[0], inputs[1], op: name)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        let (a, b) = (inputs[0], inputs[1])
        var ga: Tensor?, gb: Tensor?
        switch kind {
        case .add:
            if context.needsGradient[0] { ga = g }
            if context.needsGradient[1] { gb = g }
        case .sub:
            if context.needsGradient[0] { ga = g }
            if context.needsGradient[1] { gb = g.map { -$0 } }
        case .mul:
            if context.needsGradient[0] { ga = try Self.apply(.mul, g, b, op: name) }
            if context.needsGradient[1] { gb = try Self.apply(.mul, g, a, op: name) }
        case .div:
            if context.needsGradient[0] { ga = try Self.apply(.div, g, b, op: name) }
            if context.needsGradient[1] {
                // ∂(a/b)/∂b = −a/b² = −output/b
                gb = try Self.apply(.mul, g, try Self.apply(.div, output, b, op: name), op: name).map { -$0 }
            }
        }
        return [ga.map { Broadcast.reduce($0, to: a.shape) }, gb.map { Broadcast.reduce($0, to: b.shape) }]
    }

    /// Same-shape addition, used to accumulate gradients.
    public static func add(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.shape == b.shape, "add: \(a.shape) vs \(b.shape)")
        var result = a
        result.scalars.withUnsafeMutableBufferPointer { r in
            b.scalars.withUnsafeBufferPointer { bp in
                for i in 0..<r.count { r[i] += bp[i] }
            }
        }
        return result
    }

    /// The broadcasting kernel: the innermost axis runs as a strided loop (stride 0 or 1 per operand).
    static func apply(_ kind: Kind, _ a: Tensor, _ b: Tensor, op: String) throws -> Tensor {
        let shape = try Broadcast.shape(a.shape, b.shape, op: op)
        switch kind {
        case .add: return combine(a, b, shape) { $0 + $1 }
        case .sub: return combine(a, b, shape) { $0 - $1 }
        case .mul: return combine(a, b, shape) { $0 * $1 }
        case .div: return combine(a, b, shape) { $0 / $1 }
        }
    }

    @inline(__always)
    private static func combine(_ a: Tensor, _ b: Tensor, _ shape: [Int], _ f: (Float, Float) -> Float) -> Tensor {
        let count = shape.elementCount
        return Tensor(uninitializedShape: shape) { out in
            a.scalars.withUnsafeBufferPointer { ap in
                b.scalars.withUnsafeBufferPointer { bp in
                    if a.shape == shape && b.shape == shape {
                        for i in 0..<count { out[i] = f(ap[i], bp[i]) }
                    } else if b.count == 1 && a.shape == shape {
                        let s = bp[0]
                        for i in 0..<count { out[i] = f(ap[i], s) }
                    } else if a.count == 1 && b.shape == shape {
                        let s = ap[0]
                        for i in 0..<count { out[i] = f(s, bp[i]) }
                    } else {
                        broadcastLoop(ap, a.shape, bp, b.shape, shape, out, f)
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func broadcastLoop(_ ap: UnsafeBufferPointer<Float>, _ aShape: [Int],
                                      _ bp: UnsafeBufferPointer<Float>, _ bShape: [Int],
                                      _ shape: [Int], _ out: UnsafeMutableBufferPointer<Float>,
                                      _ f: (Float, Float) -> Float) {
        guard !shape.isEmpty, shape.elementCount > 0 else {
            if shape.isEmpty { out[0] = f(ap[0], bp[0]) }
            return
        }
        let sa = Broadcast.strides(of: aShape, in: shape), sb = Broadcast.strides(of: bShape, in: shape)
        let rank = shape.count, inner = shape[rank - 1]
        let (ia, ib) = (sa[rank - 1], sb[rank - 1])
        var index = [Int](repeating: 0, count: rank - 1)
        var offA = 0, offB = 0, o = 0
        for _ in 0..<(shape.elementCount / inner) {
            var pa = offA, pb = offB
            for _ in 0..<inner {
                out[o] = f(ap[pa], bp[pb])
                o += 1; pa += ia; pb += ib
            }
            // Advance the outer multi-index (odometer), updating both offsets incrementally.
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                offA += sa[axis]; offB += sb[axis]
                if index[axis] < shape[axis] { break }
                offA -= sa[axis] * shape[axis]; offB -= sb[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
