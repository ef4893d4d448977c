/// im2col and its adjoint col2im (Chellapilla et al. 2006, "High performance convolutional neural
/// networks for document processing"), on column ranges so that a GEMM can run on cache-sized tiles.
///
/// The unfolded matrix of one image and one group has `patch = channels·kh·kw` rows, row
/// `(c·kh + i)·kw + j` holding input channel `c` seen through kernel tap `(i, j)`, and one column per
/// output position `p = ho·outWidth + wo`. All matrices are row-major.
enum Im2col {
    /// Writes rows `0..<channels·kh·kw` of the unfolded matrix, columns `positions`, into `col`
    /// (rows `ld` floats apart, first column at `col`). `x` points at the first of `channels`
    /// planes of `height × width` floats. Padding reads as 0.
    static func unfold(_ x: UnsafePointer<Float>, channels: Int, _ g: ConvGeometry, positions: Range<Int>,
                       into col: UnsafeMutablePointer<Float>, ld: Int) {
        let (kh, kw, sw) = (g.rows.kernel, g.columns.kernel, g.columns.stride)
        let outWidth = g.outWidth
        for c in 0..<channels {
            let plane = x + c * g.inPlane
            for i in 0..<kh {
                let liveRows = g.rows.outputs(reading: i)
                for j in 0..<kw {
                    let liveColumns = g.columns.outputs(reading: j)
                    let shift = j * g.columns.dilation - g.columns.padBegin
                    var dst = col + ((c * kh + i) * kw + j) * ld
                    forEachRowSegment(positions, outWidth) { ho, start, end in
                        defer { dst += end - start }
                        guard liveRows.contains(ho) else {
                            dst.update(repeating: 0, count: end - start)
                            return
                        }
                        let src = plane + g.rows.inputIndex(output: ho, tap: i) * g.width + shift
                        let low = Swift.min(Swift.max(liveColumns.lowerBound, start), end)
                        let high = Swift.min(Swift.max(liveColumns.upperBound, low), end)
                        dst.update(repeating: 0, count: low - start)
                        if sw == 1 {
                            (dst + (low - start)).update(from: src + low, count: high - low)
                        } else {
                            for wo in low..<high { dst[wo - start] = src[wo * sw] }
                        }
                        (dst + (high - start)).update(repeating: 0, count: end - high)
                    }
                }
            }
        }
    }

    /// The adjoint of ``unfold``: adds every element of the unfolded block back onto the input
    /// element it was read from (padding taps are dropped). `x` must hold the running sum.
    static func fold(_ col: UnsafePointer<Float>, ld: Int, channels: Int, _ g: ConvGeometry, positions: Range<Int>,
                     addingInto x: UnsafeMutablePointer<Float>) {
        let (kh, kw, sw) = (g.rows.kernel, g.columns.kernel, g.columns.stride)
        let outWidth = g.outWidth
        for c in 0..<channels {
            let plane = x + c * g.inPlane
            for i in 0..<kh {
                let liveRows = g.rows.outputs(reading: i)
                for j in 0..<kw {
                    let liveColumns = g.columns.outputs(reading: j)
                    let shift = j * g.columns.dilation - g.columns.padBegin
                    var src = col + ((c * kh + i) * kw + j) * ld
                    forEachRowSegment(positions, outWidth) { ho, start, end in
                        defer { src += end - start }
                        guard liveRows.contains(ho) else { return }
                        let dst = plane + g.rows.inputIndex(output: ho, tap: i) * g.width + shift
                        let low = Swift.min(Swift.max(liveColumns.lowerBound, start), end)
                        let high = Swift.min(Swift.max(liveColumns.upperBound, low), end)
                        if sw == 1 {
                            let (d, s) = (dst + low, src + (low - start))
                            for k in 0..<(high - low) { d[k] += s[k] }
                        } else {
                            for wo in low..<high { dst[wo * sw] += src[wo - start] }
                        }
                    }
                }
            }
        }
    }

    /// Splits a range of flattened output positions into per-row pieces: `body(ho, woStart, woEnd)`.
    @inline(__always)
    private static func forEachRowSegment(_ positions: Range<Int>, _ outWidth: Int, _ body: (Int, Int, Int) -> Void) {
        guard !positions.isEmpty else { return }
        for ho in (positions.lowerBound / outWidth)...((positions.upperBound - 1) / outWidth) {
            let start = Swift.max(positions.lowerBound - ho * outWidth, 0)
            let end = Swift.min(positions.upperBound - ho * outWidth, outWidth)
            body(ho, start, end)
        }
    }
}
