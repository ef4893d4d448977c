/// TensorFlow "SAME" padding, fixed for one input extent: the output has ⌈input/stride⌉ positions and
/// the padding that needs is split with the smaller half first (asymmetric for even totals at stride 2).
///
/// pad_total = max((⌈i/s⌉ − 1)·s + k − i, 0), begin = ⌊pad_total/2⌋, end = pad_total − begin.
/// Reference: TensorFlow `tf.nn.convolution` docs ("SAME" padding); the EfficientNet-PyTorch
/// `Conv2dStaticSamePadding` computes the same split for the input size given at construction.
struct SamePadding: Equatable {
    let begin: Int
    let end: Int
    let outputExtent: Int

    init(input: Int, kernel: Int, stride: Int) {
        let output = (input + stride - 1) / stride
        let total = max((output - 1) * stride + kernel - input, 0)
        begin = total / 2
        end = total - begin
        outputExtent = output
    }
}

/// One MBConv block of EfficientNet-Lite (inverted residual, Sandler et al. 2018; Tan & Le 2019):
/// optional 1×1 expansion conv + BN + ReLU6, k×k depthwise conv + BN + ReLU6, 1×1 projection + BN,
/// and the input added back when the stride is 1 and the channel count is unchanged. Lite models
/// have no squeeze-and-excitation.
struct MBConvBlock: Equatable {
    let index: Int
    let inputChannels: Int
    let expandedChannels: Int
    let outputChannels: Int
    let kernel: Int
    let stride: Int
    /// Height (= width) of the block's input feature map.
    let inputExtent: Int

    var expands: Bool { expandedChannels != inputChannels }
    var hasSkip: Bool { stride == 1 && inputChannels == outputChannels }
    var depthwisePadding: SamePadding { SamePadding(input: inputExtent, kernel: kernel, stride: stride) }
    var outputExtent: Int { depthwisePadding.outputExtent }
}

/// The layer structure of an EfficientNet-Lite network, derived from a PyTorch state dict (key names
/// and weight shapes of the `efficientnet-lite-pytorch` / lukemelas EfficientNet-PyTorch layout) and
/// checked against the known stage table; strides, which weights cannot show, come from the table.
struct EfficientNetLiteArchitecture: Equatable {
    /// A stage of the block table (TF `efficientnet_lite_builder.py`, `r1_k3_s11_e1_i32_o16`, …).
    struct Stage: Equatable {
        let repeats: Int
        let kernel: Int
        let stride: Int
        let expansion: Int
        let outputChannels: Int
    }

    /// EfficientNet-Lite0 (= the B0 block table without squeeze-excite; stem and head not scaled).
    static let lite0Stages: [Stage] = [
        Stage(repeats: 1, kernel: 3, stride: 1, expansion: 1, outputChannels: 16),
        Stage(repeats: 2, kernel: 3, stride: 2, expansion: 6, outputChannels: 24),
        Stage(repeats: 2, kernel: 5, stride: 2, expansion: 6, outputChannels: 40),
        Stage(repeats: 3, kernel: 3, stride: 2, expansion: 6, outputChannels: 80),
        Stage(repeats: 3, kernel: 5, stride: 1, expansion: 6, outputChannels: 112),
        Stage(repeats: 4, kernel: 5, stride: 2, expansion: 6, outputChannels: 192),
        Stage(repeats: 1, kernel: 3, stride: 1, expansion: 6, outputChannels: 320),
    ]

    let imageExtent: Int
    let stemChannels: Int
    let stemKernel: Int
    let stemStride = 2
    let blocks: [MBConvBlock]
    let headChannels: Int
    let classCount: Int

    var stemPadding: SamePadding { SamePadding(input: imageExtent, kernel: stemKernel, stride: stemStride) }
    /// Extent of the feature map the head conv sees (7 for a 224 input).
    var finalExtent: Int { blocks.last?.outputExtent ?? stemPadding.outputExtent }

    /// Derives the structure from `weights` for square inputs of `imageExtent` pixels.
    /// - Throws: ``StateDictError`` when a key is missing, a shape is wrong, or the blocks disagree
    ///   with `stages` (kernel, expansion, channels or count).
    init(weights: TorchStateDict, imageExtent: Int, stages: [Stage] = lite0Stages) throws {
        self.imageExtent = imageExtent
        let stem = try Self.shape(of: "_conv_stem.weight", in: weights, rank: 4)
        guard stem[1] == 3, stem[2] == stem[3] else {
            throw StateDictError.wrongShape("_conv_stem.weight", expected: [stem[0], 3, stem[2], stem[2]], found: stem)
        }
        stemChannels = stem[0]
        stemKernel = stem[2]

        let blockCount = Self.blockCount(in: weights)
        let expected = stages.reduce(0) { $0 + $1.repeats }
        guard blockCount == expected else {
            throw StateDictError.architectureMismatch("the state dict has \(blockCount) blocks (_blocks.N), the stage table \(expected)")
        }
        var blocks: [MBConvBlock] = []
        var channels = stemChannels
        var extent = SamePadding(input: imageExtent, kernel: stemKernel, stride: stemStride).outputExtent
        for (stageIndex, stage) in stages.enumerated() {
            for repeatIndex in 0..<stage.repeats {
                let block = try Self.block(index: blocks.count, stage: stage, stageIndex: stageIndex,
                                           stride: repeatIndex == 0 ? stage.stride : 1,
                                           inputChannels: channels, inputExtent: extent, weights: weights)
                blocks.append(block)
                channels = block.outputChannels
                extent = block.outputExtent
            }
        }
        self.blocks = blocks

        let head = try Self.shape(of: "_conv_head.weight", in: weights, rank: 4)
        guard head[1] == channels, head[2] == 1, head[3] == 1 else {
            throw StateDictError.wrongShape("_conv_head.weight", expected: [head[0], channels, 1, 1], found: head)
        }
        headChannels = head[0]
        let fc = try Self.shape(of: "_fc.weight", in: weights, rank: 2)
        guard fc[1] == headChannels else {
            throw StateDictError.wrongShape("_fc.weight", expected: [fc[0], headChannels], found: fc)
        }
        classCount = fc[0]
    }

    private static func block(index: Int, stage: Stage, stageIndex: Int, stride: Int, inputChannels: Int,
                              inputExtent: Int, weights: TorchStateDict) throws -> MBConvBlock {
        let prefix = "_blocks.\(index)."
        if weights.names.contains(where: { $0.hasPrefix(prefix + "_se_") }) {
            throw StateDictError.architectureMismatch("block \(index) has squeeze-excite weights; EfficientNet-Lite has none")
        }
        var expanded = inputChannels
        if weights[prefix + "_expand_conv.weight"] != nil {
            expanded = try shape(of: prefix + "_expand_conv.weight", in: weights, rank: 4)[0]
        }
        let depthwise = try shape(of: prefix + "_depthwise_conv.weight", in: weights, rank: 4)
        let project = try shape(of: prefix + "_project_conv.weight", in: weights, rank: 4)
        let found = "block \(index) (stage \(stageIndex + 1))"
        guard expanded == inputChannels * stage.expansion else {
            throw StateDictError.architectureMismatch(
                "\(found) expands \(inputChannels) to \(expanded) channels, the table says ×\(stage.expansion)")
        }
        guard depthwise[0] == expanded, depthwise[1] == 1, depthwise[2] == depthwise[3], depthwise[2] == stage.kernel else {
            throw StateDictError.architectureMismatch(
                "\(found) depthwise weight has shape \(depthwise), expected [\(expanded), 1, \(stage.kernel), \(stage.kernel)]")
        }
        guard project[0] == stage.outputChannels, project[1] == expanded else {
            throw StateDictError.architectureMismatch(
                "\(found) projection weight has shape \(project), expected [\(stage.outputChannels), \(expanded), 1, 1]")
        }
        return MBConvBlock(index: index, inputChannels: inputChannels, expandedChannels: expanded,
                           outputChannels: stage.outputChannels, kernel: stage.kernel, stride: stride, inputExtent: inputExtent)
    }

    /// Number of blocks, from the largest N in keys `_blocks.N.…`.
    private static func blockCount(in weights: TorchStateDict) -> Int {
        let indices = weights.names.compactMap { name -> Int? in
            guard name.hasPrefix("_blocks.") else { return nil }
            return Int(name.dropFirst("_blocks.".count).prefix { $0 != "." })
        }
        return (indices.max() ?? -1) + 1
    }

    private static func shape(of name: String, in weights: TorchStateDict, rank: Int) throws -> [Int] {
        let tensor = try weights.tensor(name)
        guard tensor.rank == rank else {
            throw StateDictError.architectureMismatch("'\(name)' has rank \(tensor.rank) (shape \(tensor.shape)), expected \(rank)")
        }
        return tensor.shape
    }
}
