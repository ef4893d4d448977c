/// Direct depthwise convolution (groups == C == M; Howard et al. 2017, "MobileNets"), no im2col.
///
/// Each input plane is first split into its `sh × sw` stride phases, zero-padded: phase `(a, b)`
/// holds `padded[r·sh + a, c·sw + b]`. Kernel tap `(i, j)` then reads a single phase at a fixed
/// offset, so one tap is one contiguous multiply–add over the whole output plane laid out with the
/// phase's row length `Wq` (the `Wq − outW` extra columns per row are computed and discarded). The
/// loops are long and unit-stride, so they vectorise for any stride; for stride 1 the only phase is
/// the zero-padded plane. Planes are independent; the weight gradient sums images in order.
enum Depthwise {
    /// Sizes of the phase planes and of the wide output plane for one convolution.
    struct Layout: Sendable {
        let g: ConvGeometry
        /// Rows and columns of each phase plane.
        let rows: Int, columns: Int

        init(_ g: ConvGeometry) {
            self.g = g
            rows = g.outHeight + (g.rows.kernel - 1) * g.rows.dilation / g.rows.stride
            columns = g.outWidth + (g.columns.kernel - 1) * g.columns.dilation / g.columns.stride
        }

        var phaseCount: Int { g.rows.stride * g.columns.stride }
        /// One spare row: the far taps run past the last row by fewer than `columns` floats.
        var phaseSize: Int { (rows + 1) * columns }
        var wideSize: Int { g.outHeight * columns }
        var scratchSize: Int { phaseCount * phaseSize + wideSize }

        /// Where tap `(i, j)` starts reading, relative to the first phase.
        func tapOffset(_ i: Int, _ j: Int) -> Int {
            let (di, dj) = (i * g.rows.dilation, j * g.columns.dilation)
            let phase = (di % g.rows.stride) * g.columns.stride + dj % g.columns.stride
            return phase * phaseSize + di / g.rows.stride * columns + dj / g.columns.stride
        }

        /// Fills the phases (all zero outside the input) from one input plane.
        func split(_ x: UnsafePointer<Float>, into phases: UnsafeMutablePointer<Float>) {
            phases.update(repeating: 0, count: phaseCount * phaseSize)
            forEachPhaseRow { phase, r, hi, liveColumns, firstColumn in
                let (dst, src) = (phases + phase * phaseSize + r * columns, x + hi * g.width)
                for c in liveColumns { dst[c] = src[firstColumn + c * g.columns.stride] }
            }
        }

        /// The adjoint of ``split``: writes each input element's gradient from its phase position.
        func merge(_ phases: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
            dx.update(repeating: 0, count: g.inPlane)
            forEachPhaseRow { phase, r, hi, liveColumns, firstColumn in
                let (src, dst) = (phases + phase * phaseSize + r * columns, dx + hi * g.width)
                for c in liveColumns { dst[firstColumn + c * g.columns.stride] = src[c] }
            }
        }

        /// `body(phase, row, inputRow, columns, firstInputColumn)` for every phase row that holds
        /// input elements; phase column `c` holds input column `firstInputColumn + c·sw`.
        private func forEachPhaseRow(_ body: (Int, Int, Int, Range<Int>, Int) -> Void) {
            let (sh, sw) = (g.rows.stride, g.columns.stride)
            for a in 0..<sh {
                for b in 0..<sw {
                    let first = b - g.columns.padBegin
                    let live = Swift.max(0, ceilDivide(-first, sw))..<Swift.min(columns, floorDivide(g.width - 1 - first, sw) + 1)
                    guard !live.isEmpty else { continue }
                    for r in 0..<rows {
                        let hi = r * sh + a - g.rows.padBegin
                        if hi >= 0 && hi < g.height { body(a * sw + b, r, hi, live, first) }
                    }
                }
            }
        }
    }

    /// Planes per task: about 64 K multiply–adds each, so scheduling stays negligible.
    private static func planeChunks(_ g: ConvGeometry) -> [Range<Int>] {
        Parallel.ranges(g.batch * g.channels, chunk: Swift.max(1, (1 << 16) / Swift.max(g.outPlane * g.kernelArea, 1)))
    }

    /// `y` (N × C × outH × outW) from `x` (N × C × H × W), `w` (C × kh × kw) and an optional `bias` (C).
    static func forward(_ x: SharedConstPointer<Float>, _ w: SharedConstPointer<Float>, bias: SharedConstPointer<Float>?,
                        into y: SharedPointer<Float>, _ g: ConvGeometry) {
        let layout = Layout(g), chunks = planeChunks(g)
        let (kh, kw) = (g.rows.kernel, g.columns.kernel)
        Parallel.forEachTask(chunks.count, scratchCount: layout.scratchSize) { task, scratch in
            let wide = scratch + layout.phaseCount * layout.phaseSize
            for plane in chunks[task] {
                let c = plane % g.channels
                layout.split(x + plane * g.inPlane, into: scratch)
                wide.update(repeating: bias?[c] ?? 0, count: layout.wideSize)
                for i in 0..<kh {
                    for j in 0..<kw {
                        let weight = w[(c * kh + i) * kw + j]
                        let src = scratch + layout.tapOffset(i, j)
                        for q in 0..<layout.wideSize { wide[q] += weight * src[q] }
                    }
                }
                for ho in 0..<g.outHeight {
                    (y + plane * g.outPlane + ho * g.outWidth).update(from: wide + ho * layout.columns, count: g.outWidth)
                }
            }
        }
    }

    /// `dx` (N × C × H × W, overwritten) from `dy` and `w`: the transposed form of ``forward``.
    static func inputGradient(_ dy: SharedConstPointer<Float>, _ w: SharedConstPointer<Float>,
                              into dx: SharedPointer<Float>, _ g: ConvGeometry) {
        let layout = Layout(g), chunks = planeChunks(g)
        let (kh, kw) = (g.rows.kernel, g.columns.kernel)
        Parallel.forEachTask(chunks.count, scratchCount: layout.scratchSize) { task, scratch in
            let wide = scratch + layout.phaseCount * layout.phaseSize
            for plane in chunks[task] {
                let c = plane % g.channels
                widen(dy + plane * g.outPlane, into: wide, layout)
                scratch.update(repeating: 0, count: layout.phaseCount * layout.phaseSize)
                for i in 0..<kh {
                    for j in 0..<kw {
                        let weight = w[(c * kh + i) * kw + j]
                        let dst = scratch + layout.tapOffset(i, j)
                        for q in 0..<layout.wideSize { dst[q] += weight * wide[q] }
                    }
                }
                layout.merge(scratch, into: dx + plane * g.inPlane)
            }
        }
    }

    /// `dw` (C × kh × kw) from `dy` and `x`; each channel sums its images in order.
    static func weightGradient(_ dy: SharedConstPointer<Float>, _ x: SharedConstPointer<Float>,
                               into dw: SharedPointer<Float>, _ g: ConvGeometry) {
        let layout = Layout(g)
        let (kh, kw) = (g.rows.kernel, g.columns.kernel)
        Parallel.forEachTask(g.channels, scratchCount: layout.scratchSize + g.kernelArea * 2) { c, scratch in
            let wide = scratch + layout.phaseCount * layout.phaseSize
            let sums = UnsafeMutableRawPointer(wide + layout.wideSize).bindMemory(to: Double.self, capacity: g.kernelArea)
            sums.update(repeating: 0, count: g.kernelArea)
            for n in 0..<g.batch {
                let plane = n * g.channels + c
                layout.split(x + plane * g.inPlane, into: scratch)
                widen(dy + plane * g.outPlane, into: wide, layout)
                for i in 0..<kh {
                    for j in 0..<kw {
                        let src = scratch + layout.tapOffset(i, j)
                        var sum: Float = 0
                        for q in 0..<layout.wideSize { sum += wide[q] * src[q] }
                        sums[i * kw + j] += Double(sum)
                    }
                }
            }
            for t in 0..<g.kernelArea { dw[c * g.kernelArea + t] = Float(sums[t]) }
        }
    }

    /// Copies an output-gradient plane into the wide layout, zero in the extra columns.
    private static func widen(_ dy: UnsafePointer<Float>, into wide: UnsafeMutablePointer<Float>, _ layout: Layout) {
        let g = layout.g
        for ho in 0..<g.outHeight {
            let row = wide + ho * layout.columns
            row.update(from: dy + ho * g.outWidth, count: g.outWidth)
            (row + g.outWidth).update(repeating: 0, count: layout.columns - g.outWidth)
        }
    }
}
