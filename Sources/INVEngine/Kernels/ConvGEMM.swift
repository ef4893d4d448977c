/// Convolution as GEMM over unfolded tiles (im2col → `sgemm`), forward and backward.
///
/// Per image `n` and group `g` (all matrices row-major):
/// - forward: `Y[n, g] (Mg × P) = W[g] (Mg × K) · col(x[n, g]) (K × P)`, plus the bias;
/// - input gradient: `dcol = W[g]ᵀ · dY[n, g]`, then `dx[n, g] = col2im(dcol)`;
/// - weight gradient: `dW[g] = Σₙ dY[n, g] · col(x[n, g])ᵀ`, images summed in order.
/// A pointwise convolution (1×1, stride 1, no padding) reads and writes the planes directly.
/// Tasks and their boundaries come from ``ConvPlan`` (shapes only), so results do not depend on
/// the thread count.
enum ConvGEMM {
    /// `y` (N × M × P) from `x` (N × C × H × W), `w` (M × K) and an optional `bias` (M).
    static func forward(_ x: SharedConstPointer<Float>, _ w: SharedConstPointer<Float>, bias: SharedConstPointer<Float>?,
                        into y: SharedPointer<Float>, plan: ConvPlan) {
        plan.splitsOutputChannels
            ? forwardSplittingChannels(x, w, bias: bias, into: y, plan: plan)
            : forwardSplittingColumns(x, w, bias: bias, into: y, plan: plan)
    }

    /// One task per (tile, group): unfold the tile, one GEMM into the output.
    private static func forwardSplittingColumns(_ x: SharedConstPointer<Float>, _ w: SharedConstPointer<Float>,
                                                bias: SharedConstPointer<Float>?, into y: SharedPointer<Float>, plan: ConvPlan) {
        let g = plan.geometry
        let (groups, mg, k) = (g.groups, g.outPerGroup, g.patch)
        let width = plan.maximumWidth
        let multiImage = plan.tiles.contains { !$0.isSingleImage }
        let colFloats = g.isPointwise && !multiImage ? 0 : k * width
        Parallel.forEachTask(plan.tiles.count * groups, scratchCount: colFloats + (multiImage ? mg * width : 0)) { task, scratch in
            let (tile, group) = (plan.tiles[task / groups], task % groups)
            let (b, ldb) = unfolded(x, tile: tile, group: group, channels: 0..<g.channelsPerGroup, plan: plan, scratch: scratch)
            let (c, ldc) = tile.isSingleImage
                ? (y + outputOffset(g, image: tile.images.lowerBound, channel: group * mg) + tile.positions.lowerBound, g.outPlane)
                : (scratch + colFloats, tile.width)
            let beta = fillBias(bias, channels: group * mg..<(group + 1) * mg, c, ldc: ldc, width: tile.width)
            BLAS.sgemm(m: mg, n: tile.width, k: k,
                       a: w + group * mg * k, lda: k,
                       b: b, ldb: ldb,
                       beta: beta, c: c, ldc: ldc)
            if !tile.isSingleImage {
                scatter(UnsafePointer(c), ldc: ldc, rows: mg, tile: tile, into: y, channel: group * mg, plan: plan)
            }
        }
    }

    /// Few, wide tiles (small images, small batch): unfold the single tile once, shared by tasks
    /// that each compute a block of output channels.
    private static func forwardSplittingChannels(_ x: SharedConstPointer<Float>, _ w: SharedConstPointer<Float>,
                                                 bias: SharedConstPointer<Float>?, into y: SharedPointer<Float>, plan: ConvPlan) {
        let g = plan.geometry
        let (groups, mg, k) = (g.groups, g.outPerGroup, g.patch)
        let tile = plan.tiles[0]
        let direct = g.isPointwise && tile.isSingleImage
        let col = UnsafeMutablePointer<Float>.allocate(capacity: direct ? 1 : groups * k * tile.width)
        defer { col.deallocate() }
        let shared = SharedPointer(col)
        if !direct {
            let channelBlocks = plan.inputChannelBlocks(otherTasks: groups * tile.images.count)
            let perGroup = channelBlocks.count * tile.images.count
            Parallel.forEach(groups * perGroup) { task in
                let group = task / perGroup, block = channelBlocks[task % perGroup / tile.images.count]
                let j = task % tile.images.count, n = tile.images.lowerBound + j
                Im2col.unfold(x + inputOffset(g, image: n, channel: group * g.channelsPerGroup)
                                + block.lowerBound * g.inPlane,
                              channels: block.count, g, positions: tile.positions,
                              into: shared + (group * k + block.lowerBound * g.kernelArea) * tile.width + j * tile.positions.count,
                              ld: tile.width)
            }
        }
        let blocks = plan.outputChannelBlocks
        Parallel.forEachTask(groups * blocks.count, scratchCount: tile.isSingleImage ? 0 : blocks[0].count * tile.width) { task, scratch in
            let group = task / blocks.count, rows = blocks[task % blocks.count]
            let (b, ldb) = direct
                ? (x + inputOffset(g, image: tile.images.lowerBound, channel: group * g.channelsPerGroup), g.inPlane)
                : (UnsafePointer(shared + group * k * tile.width), tile.width)
            let first = group * mg + rows.lowerBound
            let (c, ldc) = tile.isSingleImage
                ? (y + outputOffset(g, image: tile.images.lowerBound, channel: first), g.outPlane)
                : (scratch, tile.width)
            let beta = fillBias(bias, channels: first..<first + rows.count, c, ldc: ldc, width: tile.width)
            BLAS.sgemm(m: rows.count, n: tile.width, k: k,
                       a: w + first * k, lda: k,
                       b: b, ldb: ldb,
                       beta: beta, c: c, ldc: ldc)
            if !tile.isSingleImage {
                scatter(UnsafePointer(c), ldc: ldc, rows: rows.count, tile: tile, into: y, channel: first, plan: plan)
            }
        }
    }

    /// `dx` (N × C × H × W, zero on entry) from `dy` (N × M × P) and `w` (M × K), phase by phase
    /// (``ConvPlan/gradientPhases``). Tasks own (unit, group, input-channel block) — or, where
    /// windows do not overlap, (unit, group, column part) — so two tasks never add into the same element.
    static func inputGradient(_ dy: SharedConstPointer<Float>, _ w: SharedConstPointer<Float>,
                              into dx: SharedPointer<Float>, plan: ConvPlan) {
        for units in plan.gradientPhases { inputGradient(dy, w, into: dx, plan: plan, units: units) }
    }

    private static func inputGradient(_ dy: SharedConstPointer<Float>, _ w: SharedConstPointer<Float>,
                                      into dx: SharedPointer<Float>, plan: ConvPlan, units: [Range<Int>]) {
        let g = plan.geometry
        let (groups, mg, k) = (g.groups, g.outPerGroup, g.patch)
        let parts = plan.gradientColumnParts(otherTasks: units.count * groups)
        let blocks = parts > 1 ? [0..<g.channelsPerGroup] : plan.inputChannelBlocks(otherTasks: units.count * groups)
        let width = plan.maximumWidth, rows = blocks[0].count * g.kernelArea
        let multiImage = plan.tiles.contains { !$0.isSingleImage }
        let perUnit = groups * blocks.count * parts
        Parallel.forEachTask(units.count * perUnit, scratchCount: rows * width + (multiImage ? mg * width : 0)) { task, scratch in
            let unit = units[task / perUnit]
            let group = task % perUnit / (blocks.count * parts)
            let block = blocks[task % (blocks.count * parts) / parts], part = task % parts
            let firstChannel = group * g.channelsPerGroup + block.lowerBound
            for whole in plan.tiles[unit] {
                let pieces = whole.parts(parts)
                guard part < pieces.count else { continue }
                let tile = pieces[part]
                let (b, ldb) = tile.isSingleImage
                    ? (dy + outputOffset(g, image: tile.images.lowerBound, channel: group * mg) + tile.positions.lowerBound, g.outPlane)
                    : (UnsafePointer(gather(dy, rows: mg, channel: group * mg, tile: tile, plan: plan, into: scratch + rows * width)), tile.width)
                let a = w + group * mg * k + block.lowerBound * g.kernelArea
                if g.isPointwise && tile.isSingleImage {
                    BLAS.sgemm(transposeA: true, m: block.count, n: tile.width, k: mg,
                               a: a, lda: k, b: b, ldb: ldb,
                               c: dx + inputOffset(g, image: tile.images.lowerBound, channel: firstChannel)
                                   + tile.positions.lowerBound,
                               ldc: g.inPlane)
                    continue
                }
                BLAS.sgemm(transposeA: true, m: block.count * g.kernelArea, n: tile.width, k: mg,
                           a: a, lda: k, b: b, ldb: ldb,
                           c: scratch, ldc: tile.width)
                for (j, n) in tile.images.enumerated() {
                    Im2col.fold(scratch + j * tile.positions.count, ld: tile.width, channels: block.count, g,
                                positions: tile.positions,
                                addingInto: dx + inputOffset(g, image: n, channel: firstChannel))
                }
            }
        }
    }

    /// `dw` (M × K) from `dy` (N × M × P) and `x`: tasks own (group, input-channel block) and sum
    /// the tiles — hence the images — in order.
    static func weightGradient(_ dy: SharedConstPointer<Float>, _ x: SharedConstPointer<Float>,
                               into dw: SharedPointer<Float>, plan: ConvPlan) {
        let g = plan.geometry
        let (groups, mg, k) = (g.groups, g.outPerGroup, g.patch)
        let blocks = plan.inputChannelBlocks(otherTasks: groups)
        let width = plan.maximumWidth, rows = blocks[0].count * g.kernelArea
        let multiImage = plan.tiles.contains { !$0.isSingleImage }
        Parallel.forEachTask(groups * blocks.count, scratchCount: rows * width + (multiImage ? mg * width : 0)) { task, scratch in
            let group = task / blocks.count, block = blocks[task % blocks.count]
            for (index, tile) in plan.tiles.enumerated() {
                let (a, lda) = tile.isSingleImage
                    ? (dy + outputOffset(g, image: tile.images.lowerBound, channel: group * mg) + tile.positions.lowerBound, g.outPlane)
                    : (UnsafePointer(gather(dy, rows: mg, channel: group * mg, tile: tile, plan: plan, into: scratch + rows * width)), tile.width)
                let (b, ldb) = unfolded(x, tile: tile, group: group, channels: block, plan: plan, scratch: scratch)
                BLAS.sgemm(transposeB: true, m: mg, n: block.count * g.kernelArea, k: tile.width,
                           a: a, lda: lda, b: b, ldb: ldb,
                           beta: index == 0 ? 0 : 1,
                           c: dw + group * mg * k + block.lowerBound * g.kernelArea, ldc: k)
            }
        }
    }

    /// `db[m] = Σₙ Σₚ dy[n, m, p]`, summed in image order.
    static func biasGradient(_ dy: SharedConstPointer<Float>, into db: SharedPointer<Float>, _ g: ConvGeometry) {
        Parallel.forEach(g.outChannels) { m in
            var total = 0.0
            for n in 0..<g.batch {
                let row = dy + outputOffset(g, image: n, channel: m)
                var sum: Float = 0
                for p in 0..<g.outPlane { sum += row[p] }
                total += Double(sum)
            }
            db[m] = Float(total)
        }
    }

    // MARK: Helpers

    /// Offset of plane `(image, channel)` in the output (N × M × P).
    @inline(__always)
    private static func outputOffset(_ g: ConvGeometry, image: Int, channel: Int) -> Int {
        (image * g.outChannels + channel) * g.outPlane
    }

    /// Offset of plane `(image, channel)` in the input (N × C × H × W).
    @inline(__always)
    private static func inputOffset(_ g: ConvGeometry, image: Int, channel: Int) -> Int {
        (image * g.channels + channel) * g.inPlane
    }

    /// The unfolded rows of input channels `channels` (within `group`) for `tile`, with their row
    /// stride: the input itself for a pointwise single-image tile, else unfolded into `scratch`.
    private static func unfolded(_ x: SharedConstPointer<Float>, tile: ColumnTile, group: Int, channels: Range<Int>,
                                 plan: ConvPlan, scratch: UnsafeMutablePointer<Float>) -> (UnsafePointer<Float>, Int) {
        let g = plan.geometry
        let first = group * g.channelsPerGroup + channels.lowerBound
        if g.isPointwise && tile.isSingleImage {
            return (x + inputOffset(g, image: tile.images.lowerBound, channel: first) + tile.positions.lowerBound,
                    g.inPlane)
        }
        for (j, n) in tile.images.enumerated() {
            Im2col.unfold(x + inputOffset(g, image: n, channel: first), channels: channels.count, g,
                          positions: tile.positions, into: scratch + j * tile.positions.count, ld: tile.width)
        }
        return (UnsafePointer(scratch), tile.width)
    }

    /// Fills `rows × width` of `c` with the bias of `channels`; returns the GEMM `beta` to use
    /// (1 to add onto the bias, 0 when there is none).
    private static func fillBias(_ bias: SharedConstPointer<Float>?, channels: Range<Int>,
                                 _ c: UnsafeMutablePointer<Float>, ldc: Int, width: Int) -> Float {
        guard let bias else { return 0 }
        for (row, m) in channels.enumerated() { (c + row * ldc).update(repeating: bias[m], count: width) }
        return 1
    }

    /// Copies a multi-image tile's `rows × width` block to the NCHW tensor `y` at output channel `channel`.
    private static func scatter(_ c: UnsafePointer<Float>, ldc: Int, rows: Int, tile: ColumnTile,
                                into y: SharedPointer<Float>, channel: Int, plan: ConvPlan) {
        let g = plan.geometry, count = tile.positions.count
        for (j, n) in tile.images.enumerated() {
            for row in 0..<rows {
                (y + outputOffset(g, image: n, channel: channel + row) + tile.positions.lowerBound)
                    .update(from: c + row * ldc + j * count, count: count)
            }
        }
    }

    /// The adjoint of ``scatter``: copies `rows` output channels of a multi-image tile side by side.
    private static func gather(_ y: SharedConstPointer<Float>, rows: Int, channel: Int, tile: ColumnTile, plan: ConvPlan,
                               into c: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> {
        let g = plan.geometry, count = tile.positions.count
        for (j, n) in tile.images.enumerated() {
            for row in 0..<rows {
                (c + row * tile.width + j * count)
                    .update(from: y + outputOffset(g, image: n, channel: channel + row) + tile.positions.lowerBound, count: count)
            }
        }
        return c
    }
}
