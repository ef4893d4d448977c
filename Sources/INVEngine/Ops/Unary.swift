import Foundation

/// Elementwise unary functions, each with its derivative beside it.
///
/// `relu` follows the tape's ``RectifierGradient``: with `.guided`, gradient passes only where both
/// the input and the incoming gradient are positive (guided backpropagation).
/// `gelu` is the exact (erf) form: `0.5 · x · (1 + erf(x / √2))`.
public struct Unary: Op {
    public enum Kind: String, Sendable, CaseIterable {
        case relu, sigmoid, tanh, gelu, exp, log, sqrt, neg, abs, reciprocal, erf
    }
    public let kind: Kind
    public init(_ kind: Kind) { self.kind = kind }
    public var name: String { kind.rawValue }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let x = inputs[0]
        switch kind {
        case .relu: return clamped(x, lower: 0, upper: .infinity)
        case .sigmoid: return x.parallelMap { 1 / (1 + Foundation.exp(-$0)) }
        case .tanh: return x.parallelMap { Foundation.tanh($0) }
        case .gelu: return x.parallelMap { 0.5 * $0 * (1 + Foundation.erf($0 * Float(0.5).squareRoot())) }
        case .exp: return x.parallelMap { Foundation.exp($0) }
        case .log: return x.parallelMap { Foundation.log($0) }
        case .sqrt: return x.parallelMap { $0.squareRoot() }
        case .neg: return x.parallelMap { -$0 }
        case .abs: return x.parallelMap { Swift.abs($0) }
        case .reciprocal: return x.parallelMap { 1 / $0 }
        case .erf: return x.parallelMap { Foundation.erf($0) }
        }
    }

    public func backward(_ inputs: [Tensor], output y: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        let x = inputs[0]
        switch kind {
        case .relu:
            let guided = context.rectifierGradient == .guided
            return [zipMap(x, g) { xi, gi in xi > 0 && (!guided || gi > 0) ? gi : 0 }]
        case .sigmoid: return [zipMap(y, g) { yi, gi in gi * yi * (1 - yi) }]
        case .tanh: return [zipMap(y, g) { yi, gi in gi * (1 - yi * yi) }]
        case .gelu:
            let invSqrt2 = Float(0.5).squareRoot(), invSqrt2Pi = 1 / Float(2 * Float.pi).squareRoot()
            return [zipMap(x, g) { xi, gi in
                let cdf = 0.5 * (1 + Foundation.erf(xi * invSqrt2))
                let pdf = invSqrt2Pi * Foundation.exp(-0.5 * xi * xi)
                return gi * (cdf + xi * pdf)
            }]
        case .exp: return [zipMap(y, g) { yi, gi in gi * yi }]
        case .log: return [zipMap(x, g) { xi, gi in gi / xi }]
        case .sqrt: return [zipMap(y, g) { yi, gi in gi * 0.5 / yi }]
        case .neg: return [g.map { -$0 }]
        case .abs: return [zipMap(x, g) { xi, gi in xi > 0 ? gi : (xi < 0 ? -gi : 0) }]
        case .reciprocal: return [zipMap(y, g) { yi, gi in -gi * yi * yi }]
        case .erf:
            let c = 2 / Float.pi.squareRoot()
            return [zipMap(x, g) { xi, gi in gi * c * Foundation.exp(-xi * xi) }]
        }
    }
}

/// `min(max(x, min), max)`; ReLU6 is `Clip(min: 0, max: 6)`. Gradient passes strictly inside the
/// interval (and, with guided backpropagation, only where the incoming gradient is positive).
public struct Clip: Op {
    public let min: Float, max: Float
    public init(min: Float = -.infinity, max: Float = .infinity) {
        self.min = min
        self.max = max
    }
    public var name: String { "clip" }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        clamped(inputs[0], lower: min, upper: max)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient g: Tensor, context: BackwardContext) throws -> [Tensor?] {
        guard context.needsGradient[0] else { return [nil] }
        let (lo, hi) = (min, max), guided = context.rectifierGradient == .guided
        return [zipMap(inputs[0], g) { xi, gi in xi > lo && xi < hi && (!guided || gi > 0) ? gi : 0 }]
    }
}

/// `min(max(x, lower), upper)`, in fixed chunks over the cores: the hot rectifier kernel
/// (ReLU and ReLU6 follow most convolutions), written out so that it vectorises.
func clamped(_ x: Tensor, lower: Float, upper: Float) -> Tensor {
    guard x.count > 0 else { return x }
    return Tensor(uninitializedShape: x.shape) { out in
        let destination = SharedPointer(out.baseAddress!)
        x.scalars.withUnsafeBufferPointer { xp in
            let source = SharedConstPointer(xp.baseAddress!)
            let chunks = Parallel.ranges(out.count, chunk: 32_768)
            Parallel.forEach(chunks.count) { c in
                let (d, s) = (destination.base, source.base)
                for i in chunks[c] { d[i] = Swift.min(Swift.max(s[i], lower), upper) }
            }
        }
    }
}

/// `f(a[i], b[i])` over two tensors of the same shape.
@inline(__always)
func zipMap(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
    precondition(a.shape == b.shape, "zipMap: \(a.shape) vs \(b.shape)")
    return Tensor(uninitializedShape: a.shape) { out in
        a.scalars.withUnsafeBufferPointer { ap in
            b.scalars.withUnsafeBufferPointer { bp in
                for i in 0..<out.count { out[i] = f(ap[i], bp[i]) }
            }
        }
    }
}
