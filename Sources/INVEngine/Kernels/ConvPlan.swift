/// The sizes of one 2-D convolution and how its GEMMs are cut into parallel tasks.
///
/// Every split below is a function of the shapes alone (never of `Parallel.workers`), so the
/// floating-point work done for each output element — and therefore every output bit — is the same
/// whatever the number of threads.
struct ConvGeometry: Sendable, Equatable {
    let batch: Int, channels: Int, outChannels: Int, groups: Int
    let rows: WindowAxis, columns: WindowAxis

    var height: Int { rows.input }
    var width: Int { columns.input }
    var outHeight: Int { rows.output }
    var outWidth: Int { columns.output }
    var inPlane: Int { height * width }
    /// Output positions per image and channel: the GEMM's column count per image.
    var outPlane: Int { outHeight * outWidth }
    var channelsPerGroup: Int { channels / groups }
    var outPerGroup: Int { outChannels / groups }
    var kernelArea: Int { rows.kernel * columns.kernel }
    /// Rows of the unfolded (im2col) matrix per group: the GEMM's inner dimension K.
    var patch: Int { channelsPerGroup * kernelArea }

    /// 1×1 kernel, stride 1, no padding: the input planes already are the im2col matrix.
    var isPointwise: Bool {
        rows.kernel == 1 && columns.kernel == 1 && rows.stride == 1 && columns.stride == 1
            && rows.padBegin == 0 && rows.padEnd == 0 && columns.padBegin == 0 && columns.padEnd == 0
    }
    /// One input and one output channel per group (groups == C == M).
    var isDepthwise: Bool { channelsPerGroup == 1 && outPerGroup == 1 }

    /// Multiply–adds of the forward pass.
    var multiplyAdds: Int { batch * outChannels * outPlane * patch }
}

/// A block of GEMM columns: either a range of output positions of one image, or all positions
/// of several whole images (for small output planes, to give BLAS wide enough matrices).
struct ColumnTile: Sendable, Equatable {
    let images: Range<Int>
    let positions: Range<Int>
    var width: Int { images.count * positions.count }
    var isSingleImage: Bool { images.count == 1 }

    /// The same images over `count` near-equal sub-ranges of the positions (fewer if too narrow).
    func parts(_ count: Int) -> [ColumnTile] {
        Parallel.ranges(positions.count, chunk: ceilDivide(positions.count, Swift.max(count, 1))).map {
            ColumnTile(images: images, positions: positions.lowerBound + $0.lowerBound..<positions.lowerBound + $0.upperBound)
        }
    }
}

/// How the GEMMs of a convolution are split into tasks.
struct ConvPlan: Sendable {
    /// A task count that keeps two to eight cores busy with equal-sized pieces of work.
    static let targetTasks = 8
    /// Aim for im2col tiles of about this many floats (1 MiB, half a core's L2 on the reference machine).
    static let tileFloats = 1 << 18
    /// Never cut an image into tiles narrower than this many columns (BLAS efficiency drops below).
    static let minimumTileWidth = 96
    /// Output-channel blocks are a multiple of this (the sgemm micro-kernel height).
    static let rowBlockQuantum = 16

    let geometry: ConvGeometry
    /// Column tiles in image-major order; together they cover every (image, position) once.
    let tiles: [ColumnTile]
    /// The input-gradient schedule: phases run one after another; the units of a phase — runs of
    /// consecutive tiles, each processed in order by one task — run concurrently and never add
    /// into the same input element. Where windows do not overlap every tile is a unit of the one
    /// phase; where they overlap, either all tiles of an image form a unit, or (when that leaves
    /// too few tasks) single tiles far enough apart to touch disjoint input rows share a phase.
    /// Every input element thus sums its contributions in an order fixed by the shapes.
    let gradientPhases: [[Range<Int>]]
    /// Whether neighbouring windows share input elements (kernel extent > stride on an axis).
    let windowsOverlap: Bool
    /// True when there are too few column tiles to occupy the cores: the forward pass then unfolds
    /// the single tile once and splits the output channels into blocks instead.
    let splitsOutputChannels: Bool

    init(_ g: ConvGeometry) {
        geometry = g
        let plane = g.outPlane
        let target = Swift.min(2048, Swift.max(128, Self.tileFloats / Swift.max(g.patch, 1) / 16 * 16))
        var tiles: [ColumnTile] = []
        if plane >= target {
            let natural = ceilDivide(plane, target)
            let wanted = ceilDivide(Self.targetTasks, g.batch * g.groups)
            let perImage = Swift.max(natural, Swift.min(wanted, plane / Self.minimumTileWidth))
            let chunk = ceilDivide(plane, perImage)
            for n in 0..<g.batch {
                for r in Parallel.ranges(plane, chunk: chunk) { tiles.append(ColumnTile(images: n..<n + 1, positions: r)) }
            }
        } else {
            let perTile = Swift.max(1, Swift.min(target / Swift.max(plane, 1), g.batch * g.groups / Self.targetTasks))
            for images in Parallel.ranges(g.batch, chunk: perTile) { tiles.append(ColumnTile(images: images, positions: 0..<plane)) }
        }
        if tiles.count * g.groups < Self.targetTasks / 2 && g.outPerGroup >= 2 * Self.rowBlockQuantum {
            tiles = [ColumnTile(images: 0..<g.batch, positions: 0..<plane)]
            splitsOutputChannels = true
        } else {
            splitsOutputChannels = false
        }
        self.tiles = tiles
        windowsOverlap = (g.rows.kernel - 1) * g.rows.dilation >= g.rows.stride
            || (g.columns.kernel - 1) * g.columns.dilation >= g.columns.stride
        gradientPhases = Self.gradientPhases(g, tiles, windowsOverlap: windowsOverlap)
    }

    private static func gradientPhases(_ g: ConvGeometry, _ tiles: [ColumnTile], windowsOverlap: Bool) -> [[Range<Int>]] {
        guard windowsOverlap else { return [tiles.indices.map { $0..<$0 + 1 }] }
        var images: [Range<Int>] = []
        var start = 0
        for i in 1...tiles.count where i == tiles.count || tiles[i].images != tiles[start].images {
            images.append(start..<i)
            start = i
        }
        // Tiles t and t + c (width w, output rows of Wo positions) are c colours apart. Tile t ends
        // in output row r₁ = ⌊((t + 1)·w − 1) / Wo⌋, tile t + c starts in row r₀ = ⌊(t + c)·w / Wo⌋
        // > (c − 1)·w / Wo − 1 + r₁; with (c − 1)·w ≥ R·Wo, R = ⌈extent / stride⌉, that is r₀ ≥ r₁ + R,
        // so the input rows they read, [r·stride − top, r·stride − top + extent), are disjoint.
        let perImage = images.map(\.count).max() ?? 1
        let reach = ceilDivide((g.rows.kernel - 1) * g.rows.dilation + 1, g.rows.stride)
        let colours = 1 + ceilDivide(reach * g.outWidth, Swift.max(tiles[0].positions.count, 1))
        guard images.count * g.groups < targetTasks, tiles[0].isSingleImage, colours < perImage else { return [images] }
        return (0..<colours).map { colour in
            images.flatMap { image in stride(from: image.lowerBound + colour, to: image.upperBound, by: colours).map { $0..<$0 + 1 } }
        }
    }

    /// The widest tile.
    var maximumWidth: Int { tiles.map(\.width).max() ?? 0 }

    /// Output-channel blocks of one group for the channel-split forward pass: about 128 rows each
    /// (every block re-packs the shared unfolded matrix, so smaller blocks cost BLAS efficiency),
    /// at least two per group and at most ``targetTasks`` in all.
    var outputChannelBlocks: [Range<Int>] {
        let g = geometry
        let blocks = Swift.min(Swift.max(g.outPerGroup / 128, 2), Swift.max(Self.targetTasks / g.groups, 2))
        let size = ceilDivide(ceilDivide(g.outPerGroup, blocks), Self.rowBlockQuantum) * Self.rowBlockQuantum
        return Parallel.ranges(g.outPerGroup, chunk: size)
    }

    /// How many column parts each tile of a unit is cut into for the input gradient, so that
    /// `otherTasks × parts` reaches the target task count: only where windows do not overlap
    /// (then parts write disjoint input elements), never narrower than ``minimumTileWidth``.
    func gradientColumnParts(otherTasks: Int) -> Int {
        guard !windowsOverlap else { return 1 }
        let narrowest = tiles.map(\.width).min() ?? 0
        return Swift.max(1, Swift.min(ceilDivide(Self.targetTasks, Swift.max(otherTasks, 1)), narrowest / Self.minimumTileWidth))
    }

    /// Input-channel blocks of one group, so that `tasksPerBlock × blocks` reaches the target
    /// task count (used by the input- and weight-gradient passes, whose tasks own channels).
    func inputChannelBlocks(otherTasks: Int) -> [Range<Int>] {
        let g = geometry
        let blocks = Swift.min(g.channelsPerGroup, ceilDivide(Self.targetTasks, Swift.max(otherTasks, 1)))
        return Parallel.ranges(g.channelsPerGroup, chunk: ceilDivide(g.channelsPerGroup, Swift.max(blocks, 1)))
    }
}
