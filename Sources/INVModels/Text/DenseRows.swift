import Foundation
import INVEngine

/// The fully connected layer of a transformer applied to every token: `y = x · Wᵀ + b` for
/// `x: [rows, in]`, `W: [out, in]` (PyTorch layout), `b: [out]` → `[rows, out]`.
///
/// One `sgemm` per block of rows (half the rows, at least 64), blocks spread across cores.
/// Unlike a batched ``MatMul`` over `[batch, tokens, in]`, which repacks the whole weight matrix for
/// every sequence of a few tokens, each block packs it once. Block boundaries depend on `rows`
/// only, so results do not depend on the number of threads. With `gelu` the activation
/// `0.5·y·(1 + erf(y/√2))` (``Unary``'s `.gelu`, with the vectorisable ``fastErf(_:)``) is applied to each block while it is hot.
enum DenseRows {
    static let minimumBlockRows = 64

    static func apply(_ x: Tensor, weight: Tensor, bias: Tensor, gelu: Bool = false) throws -> Tensor {
        let (out, input) = (weight.shape[0], weight.shape[1])
        guard x.rank >= 1, x.shape[x.rank - 1] == input, bias.count == out else {
            throw ShapeError(op: "dense", "input \(x.shape), weight \(weight.shape), bias \(bias.shape): expected [… , \(input)] and [\(out)]")
        }
        let rows = x.count / input
        let shape = Array(x.shape.dropLast()) + [out]
        guard rows > 0, out > 0 else { return Tensor.zeros(shape) }
        return Tensor(uninitializedShape: shape) { y in
            let result = SharedPointer(y.baseAddress!)
            x.scalars.withUnsafeBufferPointer { xp in
                weight.scalars.withUnsafeBufferPointer { wp in
                    bias.scalars.withUnsafeBufferPointer { bp in
                        let (xs, ws, bs) = (SharedConstPointer(xp.baseAddress!), SharedConstPointer(wp.baseAddress!),
                                            SharedConstPointer(bp.baseAddress!))
                        let blocks = Parallel.ranges(rows, chunk: max(minimumBlockRows, (rows + 1) / 2))
                        Parallel.forEach(blocks.count) { index in
                            let block = blocks[index]
                            for r in block { (result + r * out).update(from: bs.base, count: out) }
                            BLAS.sgemm(transposeB: true, m: block.count, n: out, k: input,
                                       a: xs.base + block.lowerBound * input, lda: input, b: ws.base, ldb: input,
                                       beta: 1, c: result + block.lowerBound * out, ldc: out)
                            if gelu {
                                let halfSqrt2 = Float(0.5).squareRoot()
                                for i in (block.lowerBound * out)..<(block.upperBound * out) {
                                    let v = result[i]
                                    result.base[i] = 0.5 * v * (1 + fastErf(v * halfSqrt2))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `erf(x)` as a branch-free rational function that vectorises (Eigen's `generic_fast_erf_float`:
    /// odd degree-13 numerator over even degree-8 denominator on x clamped to [−4, 4]; absolute error
    /// below 5·10⁻⁷ (3·10⁻⁷ measured) against libm's erf, which is ±1 in Float beyond ±4).
    @inline(__always)
    static func fastErf(_ value: Float) -> Float {
        let x = min(max(value, -4), 4)
        let x2 = x * x
        var p: Float = -2.72614225801306e-10
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 - 2.10102402082508e-06
        p = p * x2 - 5.69250639462346e-05
        p = p * x2 - 7.34990630326855e-04
        p = p * x2 - 2.95459980854025e-03
        p = p * x2 - 1.60960333262415e-02
        var q: Float = -1.45660718464996e-05
        q = q * x2 - 2.13374055278905e-04
        q = q * x2 - 1.68282697438203e-03
        q = q * x2 - 7.37332916720468e-03
        q = q * x2 - 1.42647390514189e-02
        return x * p / q
    }
}
