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
        if isFlat(g) { return unfoldFlat(x, channels: channels, g, positions: positions, into: col, ld: ld) }
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
                        switch sw {
                        case 1: (dst + (low - start)).update(from: src + low, count: high - low)
                        case 2: gatherEven(dst + (low - start), src + 2 * low, count: high - low)
                        default: for wo in low..<high { dst[wo - start] = src[wo * sw] }
                        }
                        (dst + (high - start)).update(repeating: 0, count: end - high)
                    }
                }
            }
        }
    }

    /// The adjoint of ``unfold``: adds every element of the unfolded block back onto the input
    /// element it was read from (padding taps are dropped). `x` must hold the running sum; `col`
    /// is used as scratch (its padding entries are zeroed).
    static func fold(_ col: UnsafeMutablePointer<Float>, ld: Int, channels: Int, _ g: ConvGeometry, positions: Range<Int>,
                     addingInto x: UnsafeMutablePointer<Float>) {
        if isFlat(g) { return foldFlat(col, ld: ld, channels: channels, g, positions: positions, addingInto: x) }
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
                        switch sw {
                        case 1:
                            let (d, s) = (dst + low, src + (low - start))
                            for k in 0..<(high - low) { d[k] += s[k] }
                        case 2: scatterAddEven(src + (low - start), into: dst + 2 * low, count: high - low)
                        default: for wo in low..<high { dst[wo * sw] += src[wo - start] }
                        }
                    }
                }
            }
        }
    }

    // MARK: Stride 2 along the rows

    /// `dst[k] = src[2k]` for `k < count`, four at a time with one 8-wide load and a shuffle. Never
    /// reads past `src[2·count − 2]`.
    @inline(__always)
    private static func gatherEven(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, count: Int) {
        var k = 0
        while k + 4 < count {
            let v = UnsafeRawPointer(src + 2 * k).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(dst + k).storeBytes(of: v.evenHalf, as: SIMD4<Float>.self)
            k += 4
        }
        while k < count {
            dst[k] = src[2 * k]
            k += 1
        }
    }

    /// `dst[2k] += src[k]` for `k < count`; the odd elements in between are rewritten unchanged, so
    /// the caller must own them. Never touches past `dst[2·count − 2]`.
    @inline(__always)
    private static func scatterAddEven(_ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, count: Int) {
        var k = 0
        while k + 4 < count {
            let add = UnsafeRawPointer(src + k).loadUnaligned(as: SIMD4<Float>.self)
            let target = UnsafeMutableRawPointer(dst + 2 * k)
            var v = target.loadUnaligned(as: SIMD8<Float>.self)
            v.evenHalf += add
            target.storeBytes(of: v, as: SIMD8<Float>.self)
            k += 4
        }
        while k < count {
            dst[2 * k] += src[k]
            k += 1
        }
    }

    // MARK: Stride 1, output as wide as the input ("same" padding along the rows)

    /// Stride 1 on both axes and `outWidth == width`: then output position `p` of tap `(i, j)` reads
    /// input offset `p + shift(i, j)`, so one unfolded row is one shifted copy of the input plane,
    /// apart from the columns whose tap falls in the left/right padding (zeroed afterwards).
    private static func isFlat(_ g: ConvGeometry) -> Bool {
        g.rows.stride == 1 && g.columns.stride == 1 && g.outWidth == g.width
    }

    /// The positions of tap `(i, j)` whose input offset `p + shift` lies inside the plane, and the shift.
    @inline(__always)
    private static func flatSpan(_ g: ConvGeometry, _ i: Int, _ j: Int, _ positions: Range<Int>) -> (Range<Int>, Int) {
        let shift = (i * g.rows.dilation - g.rows.padBegin) * g.width + j * g.columns.dilation - g.columns.padBegin
        let live = g.rows.outputs(reading: i)
        // Clamped into `positions`: a tap whose live rows all lie outside this block gets an empty span.
        let low = Swift.min(Swift.max(positions.lowerBound, live.lowerBound * g.outWidth, -shift), positions.upperBound)
        let high = Swift.min(positions.upperBound, live.upperBound * g.outWidth, g.inPlane - shift)
        return (low..<Swift.max(low, high), shift)
    }

    /// Calls `body(offset)` for every position in `span` (relative to `positions`) whose column tap
    /// `j` reads the left or right padding.
    @inline(__always)
    private static func forEachPaddedColumn(_ g: ConvGeometry, _ j: Int, _ span: Range<Int>, _ positions: Range<Int>,
                                            _ body: (Int) -> Void) {
        guard !span.isEmpty else { return }
        let live = g.columns.outputs(reading: j), outWidth = g.outWidth
        guard live.count < outWidth else { return }
        for ho in (span.lowerBound / outWidth)...((span.upperBound - 1) / outWidth) {
            let rowStart = ho * outWidth
            for wo in 0..<live.lowerBound where span.contains(rowStart + wo) { body(rowStart + wo - positions.lowerBound) }
            for wo in live.upperBound..<outWidth where span.contains(rowStart + wo) { body(rowStart + wo - positions.lowerBound) }
        }
    }

    private static func unfoldFlat(_ x: UnsafePointer<Float>, channels: Int, _ g: ConvGeometry, positions: Range<Int>,
                                   into col: UnsafeMutablePointer<Float>, ld: Int) {
        let (kh, kw, first) = (g.rows.kernel, g.columns.kernel, positions.lowerBound)
        for i in 0..<kh {
            for j in 0..<kw {
                let (span, shift) = flatSpan(g, i, j, positions)
                for c in 0..<channels {
                    let dst = col + ((c * kh + i) * kw + j) * ld
                    dst.update(repeating: 0, count: span.lowerBound - first)
                    (dst + (span.lowerBound - first)).update(from: x + c * g.inPlane + span.lowerBound + shift, count: span.count)
                    (dst + (span.upperBound - first)).update(repeating: 0, count: positions.upperBound - span.upperBound)
                    forEachPaddedColumn(g, j, span, positions) { dst[$0] = 0 }
                }
            }
        }
    }

    private static func foldFlat(_ col: UnsafeMutablePointer<Float>, ld: Int, channels: Int, _ g: ConvGeometry,
                                 positions: Range<Int>, addingInto x: UnsafeMutablePointer<Float>) {
        let (kh, kw, first) = (g.rows.kernel, g.columns.kernel, positions.lowerBound)
        for i in 0..<kh {
            for j in 0..<kw {
                let (span, shift) = flatSpan(g, i, j, positions)
                for c in 0..<channels {
                    let src = col + ((c * kh + i) * kw + j) * ld
                    forEachPaddedColumn(g, j, span, positions) { src[$0] = 0 }
                    let (d, s) = (x + c * g.inPlane + span.lowerBound + shift, src + (span.lowerBound - first))
                    for k in 0..<span.count { d[k] += s[k] }
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
