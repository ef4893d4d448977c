import Testing
@testable import INVEngine

/// Which kernel path a test case is meant to exercise; each case asserts that it does.
enum ConvPath: String, CustomStringConvertible {
    /// Column tiles inside one image (several per image, col2im across tile borders).
    case imageTiles
    /// Tiles of several whole images (small planes, batch ≥ 16).
    case multiImageTiles
    /// One tile, output channels split into blocks (small planes, batch 1 or 2).
    case channelBlocks
    /// Direct depthwise kernel.
    case depthwise
    var description: String { rawValue }
}

struct ConvCase: CustomTestStringConvertible, Sendable {
    let label: String
    let x: [Int], w: [Int]
    var bias = true
    var strides: Size2D = 1, dilations: Size2D = 1, pads: Padding2D = .zero, groups = 1
    let path: ConvPath
    var pointwise = false
    var testDescription: String { label }

    var op: Conv2D { Conv2D(strides: strides, dilations: dilations, pads: pads, groups: groups) }
}

@Suite("Spatial: Conv2D")
struct SpatialConvTests {
    static let cases: [ConvCase] = [
        ConvCase(label: "3×3 pad 1, one image cut into column tiles", x: [1, 2, 48, 48], w: [4, 2, 3, 3],
                 pads: .uniform(1), path: .imageTiles),
        ConvCase(label: "stride 2, TF SAME asymmetric pads (0, 0, 1, 1)", x: [1, 3, 8, 8], w: [4, 3, 3, 3],
                 strides: 2, pads: Padding2D(top: 0, left: 0, bottom: 1, right: 1), path: .imageTiles),
        ConvCase(label: "3×3 stride 2, wide rows (vectorised stride-2 unfold)", x: [2, 3, 21, 38], w: [4, 3, 3, 3],
                 strides: 2, pads: Padding2D(top: 1, left: 1, bottom: 0, right: 2), path: .imageTiles),
        ConvCase(label: "5×5 stride 2, one image in tiles of partial rows, gradient in 2 colour phases", x: [1, 2, 100, 100],
                 w: [3, 2, 5, 5], strides: 2, pads: .uniform(2), path: .imageTiles),
        ConvCase(label: "3×3 dilation 3, one image in tiles, gradient in 2 colour phases", x: [1, 2, 60, 60],
                 w: [2, 2, 3, 3], bias: false, dilations: 3, pads: .uniform(3), path: .imageTiles),
        ConvCase(label: "stride (2, 1), dilation (1, 2), uneven pads", x: [2, 3, 9, 10], w: [5, 3, 3, 2],
                 strides: Size2D(2, 1), dilations: Size2D(1, 2), pads: Padding2D(top: 2, left: 0, bottom: 1, right: 3),
                 path: .imageTiles),
        ConvCase(label: "dilation 2, no bias, batch 3", x: [3, 2, 9, 9], w: [3, 2, 3, 3], bias: false,
                 dilations: 2, pads: .uniform(2), path: .imageTiles),
        ConvCase(label: "stride 1, width-preserving asymmetric pads (0, 2, 2, 0)", x: [1, 3, 7, 6], w: [4, 3, 3, 3],
                 pads: Padding2D(top: 0, left: 2, bottom: 2, right: 0), path: .imageTiles),
        ConvCase(label: "stride 1, width-preserving pads, taller output (3, 1, 0, 1)", x: [2, 2, 5, 6], w: [3, 2, 3, 3],
                 bias: false, pads: Padding2D(top: 3, left: 1, bottom: 0, right: 1), path: .imageTiles),
        ConvCase(label: "groups 2, 5×5 kernel", x: [2, 4, 7, 7], w: [6, 2, 5, 5], pads: .uniform(2), groups: 2,
                 path: .imageTiles),
        ConvCase(label: "batch 16 of small planes (multi-image tiles)", x: [16, 2, 5, 5], w: [3, 2, 3, 3],
                 path: .multiImageTiles),
        ConvCase(label: "batch 1, small plane, 40 output channels (channel blocks)", x: [1, 3, 6, 6], w: [40, 3, 3, 3],
                 pads: .uniform(1), path: .channelBlocks),
        ConvCase(label: "batch 2, small plane, channel blocks across images", x: [2, 3, 4, 4], w: [32, 3, 3, 3],
                 strides: 2, pads: Padding2D(top: 1, left: 1, bottom: 0, right: 0), path: .channelBlocks),
        ConvCase(label: "1×1 fast path, batch 2", x: [2, 8, 5, 5], w: [6, 8, 1, 1], path: .imageTiles, pointwise: true),
        ConvCase(label: "1×1 fast path, groups 2", x: [1, 6, 4, 3], w: [4, 3, 1, 1], groups: 2, path: .imageTiles,
                 pointwise: true),
        ConvCase(label: "1×1 fast path, batch 16 (multi-image tiles)", x: [16, 3, 3, 3], w: [5, 3, 1, 1],
                 path: .multiImageTiles, pointwise: true),
        ConvCase(label: "1×1 fast path, channel blocks", x: [1, 5, 4, 4], w: [48, 5, 1, 1], bias: false,
                 path: .channelBlocks, pointwise: true),
        ConvCase(label: "1×1 fast path, channel blocks, input gradient in column parts", x: [1, 6, 14, 14], w: [64, 6, 1, 1],
                 path: .channelBlocks, pointwise: true),
        ConvCase(label: "2×2 stride 2 patches, channel blocks, input gradient in column parts", x: [1, 3, 32, 32],
                 w: [48, 3, 2, 2], strides: 2, path: .channelBlocks),
        ConvCase(label: "1×1 with stride 2 (unfolded, not the fast path)", x: [1, 4, 7, 7], w: [3, 4, 1, 1],
                 strides: 2, path: .imageTiles),
        ConvCase(label: "depthwise 3×3 stride 1 pad 1", x: [2, 4, 6, 7], w: [4, 1, 3, 3], pads: .uniform(1),
                 groups: 4, path: .depthwise),
        ConvCase(label: "depthwise 3×3 stride 2, TF SAME pads", x: [1, 3, 8, 8], w: [3, 1, 3, 3],
                 strides: 2, pads: Padding2D(top: 0, left: 0, bottom: 1, right: 1), groups: 3, path: .depthwise),
        ConvCase(label: "depthwise 5×5 dilation 2, no bias", x: [1, 2, 9, 8], w: [2, 1, 5, 5], bias: false,
                 dilations: 2, pads: Padding2D(top: 4, left: 3, bottom: 2, right: 5), groups: 2, path: .depthwise),
        ConvCase(label: "depthwise 3×3 stride (3, 2), dilation (2, 3), batch 2", x: [2, 3, 11, 10], w: [3, 1, 3, 3],
                 strides: Size2D(3, 2), dilations: Size2D(2, 3), pads: Padding2D(top: 1, left: 2, bottom: 0, right: 3),
                 groups: 3, path: .depthwise),
        ConvCase(label: "1×1 fast path, one image in tiles (gradient tiles run in parallel)", x: [1, 4, 48, 48],
                 w: [3, 4, 1, 1], path: .imageTiles, pointwise: true),
        ConvCase(label: "2×2 stride 2 patches, one image in non-overlapping tiles", x: [1, 2, 96, 96], w: [3, 2, 2, 2],
                 strides: 2, path: .imageTiles),
        ConvCase(label: "7×7 pad 3 flat unfold, tiles shorter than the padding (a tap with no live row in a tile)",
                 x: [1, 1, 12, 512], w: [2, 1, 7, 7], pads: .uniform(3), path: .imageTiles),
        ConvCase(label: "depthwise with channel multiplier 2 (general path)", x: [1, 3, 5, 5], w: [6, 1, 3, 3],
                 pads: .uniform(1), groups: 3, path: .imageTiles),
    ]

    @Test("forward and gradients match the Float64 reference", arguments: cases)
    func matchesReference(_ c: ConvCase) throws {
        var random = TestRandom(seed: 11)
        var inputs = [random.tensor(c.x), random.tensor(c.w)]
        if c.bias { inputs.append(random.tensor([c.w[0]])) }
        let g = try c.op.geometry(inputs)
        #expect(g.isPointwise == c.pointwise, "\(c.label): pointwise fast path")
        #expect(path(of: g) == c.path, "\(c.label): kernel path")
        try checkOp(c.op, inputs, maxChecked: 40) { d in
            SpatialReference.conv2d(d[0], d[1], d.count > 2 ? d[2] : nil, strides: c.strides, dilations: c.dilations,
                                    pads: c.pads, groups: c.groups)
        }
    }

    @Test("only the gradients asked for are computed")
    func onlyRequestedGradients() throws {
        var random = TestRandom(seed: 3)
        let inputs = [random.tensor([1, 2, 5, 5]), random.tensor([3, 2, 3, 3]), random.tensor([3])]
        let op = Conv2D(pads: .uniform(1))
        let y = try op.forward(inputs)
        let grads = try op.backward(inputs, output: y, gradient: random.tensor(y.shape),
                                    context: BackwardContext(needsGradient: [true, false, false]))
        #expect(grads[0] != nil && grads[1] == nil && grads[2] == nil)
    }

    @Test("bad shapes and attributes throw errors naming conv2d")
    func shapeErrors() {
        let x = Tensor.zeros([1, 4, 5, 5])
        let bad: [(Conv2D, [Tensor])] = [
            (Conv2D(), [x]),
            (Conv2D(), [Tensor.zeros([4, 5, 5]), Tensor.zeros([2, 4, 3, 3])]),
            (Conv2D(), [x, Tensor.zeros([2, 3, 3, 3])]),
            (Conv2D(groups: 3), [x, Tensor.zeros([3, 1, 3, 3])]),
            (Conv2D(), [x, Tensor.zeros([2, 4, 3, 3]), Tensor.zeros([3])]),
            (Conv2D(strides: 0), [x, Tensor.zeros([2, 4, 3, 3])]),
            (Conv2D(pads: Padding2D(top: -1)), [x, Tensor.zeros([2, 4, 3, 3])]),
            (Conv2D(), [x, Tensor.zeros([2, 4, 7, 3])]),
        ]
        for (op, inputs) in bad {
            #expect(throws: ShapeError.self, "\(inputs.map(\.shape))") { try op.forward(inputs) }
        }
    }

    private func path(of g: ConvGeometry) -> ConvPath {
        if g.isDepthwise { return .depthwise }
        let plan = ConvPlan(g)
        if plan.splitsOutputChannels { return .channelBlocks }
        if plan.tiles.contains(where: { !$0.isSingleImage }) { return .multiImageTiles }
        return .imageTiles
    }
}
