import Testing
@testable import INVEngine

@Suite("Spatial: determinism")
struct SpatialDeterminismTests {
    /// One case per task layout of the GEMM convolution, plus depthwise and pooling.
    static let cases: [ConvCase] = SpatialConvTests.cases.filter { c in
        ["one image cut into column tiles", "multi-image tiles", "(channel blocks)", "channel blocks across images",
         "1×1 fast path, channel blocks", "depthwise 3×3 stride", "gradient tiles run in parallel",
         "non-overlapping tiles", "column parts", "colour phases"].contains { c.label.contains($0) }
    }

    @Test("conv forward and all gradients are bit-identical on 1, 2 and 5 lanes and across runs", arguments: cases)
    func laneCountDoesNotChangeBits(_ c: ConvCase) throws {
        var random = TestRandom(seed: 99)
        var inputs = [random.tensor(c.x), random.tensor(c.w)]
        if c.bias { inputs.append(random.tensor([c.w[0]])) }
        let gradient = random.tensor(try c.op.forward(inputs).shape)
        func run() throws -> [[UInt32]] {
            let y = try c.op.forward(inputs)
            let grads = try c.op.backward(inputs, output: y, gradient: gradient,
                                          context: BackwardContext(needsGradient: inputs.map { _ in true }))
            return ([y] + grads.map { $0! }).map { $0.scalars.map(\.bitPattern) }
        }
        let baseline = try run()
        #expect(try run() == baseline, "\(c.label): second run")
        for lanes in [1, 2, 5] {
            let bits = try TaskLanes.$limit.withValue(lanes) { try run() }
            #expect(bits == baseline, "\(c.label): \(lanes) lanes")
        }
    }

    @Test("a single image's GEMM is cut into blocks fixed by the shape alone")
    func blocksDependOnShapeOnly() throws {
        // VGG-16 conv1_2 at 224×224, batch 1: K = 64·3·3 = 576 → tiles of 448 columns (1 MiB of
        // im2col floats), 112 of them; the same on any machine and for any INV_THREADS.
        let vgg = try Conv2D(pads: .uniform(1)).geometry([Tensor.zeros([1, 64, 224, 224]), Tensor.zeros([64, 64, 3, 3])])
        let plan = ConvPlan(vgg)
        #expect(!plan.splitsOutputChannels)
        #expect(plan.tiles.count == 112 && plan.tiles.allSatisfy { $0.positions.count == 448 && $0.images == 0..<1 })
        // VGG-16 conv5 (14×14, 512 → 512): two tiles would starve the cores, so the output channels
        // are cut into 4 blocks of 128 rows over one shared unfolded matrix.
        let conv5 = try Conv2D(pads: .uniform(1)).geometry([Tensor.zeros([1, 512, 14, 14]), Tensor.zeros([512, 512, 3, 3])])
        let plan5 = ConvPlan(conv5)
        #expect(plan5.splitsOutputChannels)
        #expect(plan5.outputChannelBlocks == Parallel.ranges(512, chunk: 128))
        #expect(plan5.inputChannelBlocks(otherTasks: 1) == Parallel.ranges(512, chunk: 64))
        // Input gradient: 3×3 windows reach across 3 output rows = 672 positions = 1.5 tiles, so
        // tiles 3 apart touch disjoint input rows: 3 phases of every third tile.
        #expect(plan.gradientPhases == (0..<3).map { colour in stride(from: colour, to: 112, by: 3).map { $0..<$0 + 1 } })
        // With a batch of 16 each image's tiles form one unit of a single phase.
        let batch = try Conv2D(pads: .uniform(1)).geometry([Tensor.zeros([16, 64, 224, 224]), Tensor.zeros([64, 64, 3, 3])])
        #expect(ConvPlan(batch).gradientPhases == [(0..<16).map { $0 * 112..<($0 + 1) * 112 }])
        // The two colour-phase test cases really run in two phases of four tiles.
        for c in SpatialConvTests.cases where c.label.contains("colour phases") {
            var inputs = [Tensor.zeros(c.x), Tensor.zeros(c.w)]
            if c.bias { inputs.append(Tensor.zeros([c.w[0]])) }
            #expect(ConvPlan(try c.op.geometry(inputs)).gradientPhases.map(\.count) == [4, 4], "\(c.label)")
        }
        // 1×1 windows never overlap: every tile is its own unit.
        let pointwise = try Conv2D().geometry([Tensor.zeros([1, 16, 112, 112]), Tensor.zeros([96, 16, 1, 1])])
        let pointwisePlan = ConvPlan(pointwise)
        #expect(pointwisePlan.tiles.count == 8 && pointwisePlan.gradientPhases == [(0..<8).map { $0..<$0 + 1 }])
        // EfficientNet-Lite0 mb4.0.expand (28×28, 40 → 240), batch 1: one tile, output channels in
        // blocks; its input gradient cannot split 40 channels usefully, so it cuts the 784 columns
        // into 8 parts of 98.
        let expand = try Conv2D().geometry([Tensor.zeros([1, 40, 28, 28]), Tensor.zeros([240, 40, 1, 1])])
        let expandPlan = ConvPlan(expand)
        #expect(expandPlan.splitsOutputChannels && expandPlan.gradientColumnParts(otherTasks: 1) == 8)
        #expect(expandPlan.tiles[0].parts(8).map(\.positions.count) == [Int](repeating: 98, count: 8))
    }
}
