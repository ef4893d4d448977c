import Foundation
import INVEngine

/// The fully connected layer of a transformer applied to every token: `y = x · Wᵀ + b` for
/// `x: [rows, in]`, `W: [out, in]` (PyTorch layout), `b: [out]` → `[rows, out]`.
///
/// One `sgemm` per block of rows (half the rows, at least 64), blocks spread across cores.
/// Unlike a batched ``MatMul`` over `[batch, tokens, in]`, which repacks the whole weight matrix for
/// every sequence of a few tokens, each block packs it once. Block boundaries depend on `rows`
/// only, so results do not depend on the number of threads. With `gelu` the activation
/// `0.5·y·(1 + erf(y/√2))` (as ``Unary``'s `.gelu`) is applied to each block while it is hot.
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
                                    result.base[i] = 0.5 * v * (1 + Foundation.erf(v * halfSqrt2))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
