/// Direct depthwise convolution (groups == C == M; Howard et al. 2017, "MobileNets"), no im2col:
/// each output plane is the sum over the `kh × kw` taps of one shifted, scaled input plane.
///
/// The inner loops run along an output row over the range of columns whose tap reads real input
/// (so they carry no bounds tests and vectorise for stride 1). Every plane is independent; weight
/// and bias gradients sum the images in order. Results do not depend on the thread count.
enum Depthwise {
    /// Planes handed to one task: about 64 K multiply–adds, so scheduling stays negligible.
    private static func planesPerTask(_ g: ConvGeometry) -> Int {
        Swift.max(1, (1 << 16) / Swift.max(g.outPlane * g.kernelArea, 1))
    }

    /// `y` (N × C × outH × outW) from `x` (N × C × H × W), `w` (C × kh × kw) and an optional `bias` (C).
    static func forward(_ x: SharedConstPointer<Float>, _ w: SharedConstPointer<Float>, bias: SharedConstPointer<Float>?,
                        into y: SharedPointer<Float>, _ g: ConvGeometry) {
        let liveColumns = liveColumnRanges(g)
        let planes = Parallel.ranges(g.batch * g.channels, chunk: planesPerTask(g))
        Parallel.forEach(planes.count) { task in
            for plane in planes[task] {
                let c = plane % g.channels
                let out = y + plane * g.outPlane
                out.update(repeating: bias?[c] ?? 0, count: g.outPlane)
                forEachTapRow(g, liveColumns) { ho, i, j, hi, live in
                    let weight = w[(c * g.rows.kernel + i) * g.columns.kernel + j]
                    let src = x + plane * g.inPlane + hi * g.width + j * g.columns.dilation - g.columns.padBegin
                    let dst = out + ho * g.outWidth
                    let s = g.columns.stride
                    if s == 1 {
                        for wo in live { dst[wo] += weight * src[wo] }
                    } else {
                        for wo in live { dst[wo] += weight * src[wo * s] }
                    }
                }
            }
        }
    }

    /// `dx` (N × C × H × W, overwritten) from `dy` and `w`: the transposed (scatter) form of ``forward``.
    static func inputGradient(_ dy: SharedConstPointer<Float>, _ w: SharedConstPointer<Float>,
                              into dx: SharedPointer<Float>, _ g: ConvGeometry) {
        let liveColumns = liveColumnRanges(g)
        let planes = Parallel.ranges(g.batch * g.channels, chunk: planesPerTask(g))
        Parallel.forEach(planes.count) { task in
            for plane in planes[task] {
                let c = plane % g.channels
                let out = dx + plane * g.inPlane
                out.update(repeating: 0, count: g.inPlane)
                forEachTapRow(g, liveColumns) { ho, i, j, hi, live in
                    let weight = w[(c * g.rows.kernel + i) * g.columns.kernel + j]
                    let dst = out + hi * g.width + j * g.columns.dilation - g.columns.padBegin
                    let src = dy + plane * g.outPlane + ho * g.outWidth
                    let s = g.columns.stride
                    if s == 1 {
                        for wo in live { dst[wo] += weight * src[wo] }
                    } else {
                        for wo in live { dst[wo * s] += weight * src[wo] }
                    }
                }
            }
        }
    }

    /// `dw` (C × kh × kw) from `dy` and `x`; each channel sums its images in order.
    static func weightGradient(_ dy: SharedConstPointer<Float>, _ x: SharedConstPointer<Float>,
                               into dw: SharedPointer<Float>, _ g: ConvGeometry) {
        let liveColumns = liveColumnRanges(g)
        Parallel.forEach(g.channels) { c in
            let taps = dw + c * g.kernelArea
            var sums = [Double](repeating: 0, count: g.kernelArea)
            for n in 0..<g.batch {
                let plane = n * g.channels + c
                forEachTapRow(g, liveColumns) { ho, i, j, hi, live in
                    let src = x + plane * g.inPlane + hi * g.width + j * g.columns.dilation - g.columns.padBegin
                    let grad = dy + plane * g.outPlane + ho * g.outWidth
                    let s = g.columns.stride
                    var sum: Float = 0
                    for wo in live { sum += grad[wo] * src[wo * s] }
                    sums[i * g.columns.kernel + j] += Double(sum)
                }
            }
            for t in 0..<g.kernelArea { taps[t] = Float(sums[t]) }
        }
    }

    /// For each kernel column tap, the output columns whose tap reads real input.
    private static func liveColumnRanges(_ g: ConvGeometry) -> [Range<Int>] {
        (0..<g.columns.kernel).map { g.columns.outputs(reading: $0) }
    }

    /// Calls `body(ho, i, j, hi, liveColumns[j])` for every output row and every kernel tap whose
    /// input row `hi` is real.
    @inline(__always)
    private static func forEachTapRow(_ g: ConvGeometry, _ liveColumns: [Range<Int>],
                                      _ body: (Int, Int, Int, Int, Range<Int>) -> Void) {
        for ho in 0..<g.outHeight {
            for i in g.rows.taps(of: ho) {
                let hi = g.rows.inputIndex(output: ho, tap: i)
                for j in 0..<g.columns.kernel where !liveColumns[j].isEmpty {
                    body(ho, i, j, hi, liveColumns[j])
                }
            }
        }
    }
}
