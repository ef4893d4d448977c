import INVEngine

/// Builds EfficientNet-Lite as an ONNX model (opset 13) from a PyTorch state dict.
///
/// The graph follows the PyTorch model node for node: stem conv 3×3/2 + BN + ReLU6, the MBConv blocks,
/// head conv 1×1 + BN + ReLU6, global average pool, flatten, fully connected layer. Convolutions carry
/// the TF-"SAME" padding computed for the fixed input size as explicit, possibly asymmetric
/// `pads = [top, left, bottom, right]`; batch norms keep their own nodes (eps 1e-3); ReLU6 is `Clip`
/// with bounds 0 and 6. The batch dimension is symbolic (`batch`).
///
/// Names, so that activations can be tapped by name: the input is `input`, the output `logits`; every
/// node and the tensor it makes share one name:
/// `stem.conv|bn|relu6`, `blocks.N.expand.conv|bn|relu6` (blocks with expansion ≠ 1),
/// `blocks.N.depthwise.conv|bn|relu6`, `blocks.N.project.conv|bn`, `blocks.N.add` (blocks with a skip
/// connection; a block's output is its last node), `head.conv|bn|relu6`, `pool`, `flatten`, `logits`.
/// Initializers keep the state-dict keys (`_blocks.3._depthwise_conv.weight`, …).
///
/// Reference: Tan & Le, "EfficientNet", ICML 2019; TF `efficientnet/lite/efficientnet_lite_builder.py`.
enum EfficientNetLiteONNX {
    static let opset = 13
    static let batchNormEpsilon: Float = 1e-3
    static let inputName = "input"
    static let outputName = "logits"

    /// The ONNX model for `weights`, whose structure `architecture` describes.
    /// - Throws: ``StateDictError`` when a weight is missing or has the wrong shape.
    static func makeModel(weights: TorchStateDict, architecture: EfficientNetLiteArchitecture,
                          name: String, metadata: [(String, String)]) throws -> Onnx_ModelProto {
        var emitter = Emitter(weights: weights, writer: ONNXGraphWriter(name: name))
        try emitter.emitNetwork(architecture)
        let doc = "\(name): EfficientNet-Lite converted by INVKit from a PyTorch state dict; input "
            + "[batch, 3, \(architecture.imageExtent), \(architecture.imageExtent)] RGB, (pixel − 127) / 128."
        return emitter.writer.model(opset: opset, producerVersion: "1", docString: doc, metadata: metadata)
    }
}

/// Emits the nodes and initializers, tracking the current tensor's channels and extent.
private struct Emitter {
    let weights: TorchStateDict
    var writer: ONNXGraphWriter
    static let batch = ONNXGraphWriter.Dimension.symbolic("batch")
    static let relu6Bounds = (min: "relu6.min", max: "relu6.max")

    mutating func emitNetwork(_ architecture: EfficientNetLiteArchitecture) throws {
        let size = architecture.imageExtent
        writer.addInput(EfficientNetLiteONNX.inputName, shape: [Self.batch, .fixed(3), .fixed(size), .fixed(size)])
        writer.addInitializer(Self.relu6Bounds.min, Tensor(scalar: 0))
        writer.addInitializer(Self.relu6Bounds.max, Tensor(scalar: 6))

        let stemPadding = architecture.stemPadding
        var x = try convBatchNorm(
            "stem", input: EfficientNetLiteONNX.inputName, conv: "_conv_stem", batchNorm: "_bn0",
            inputChannels: 3, outputChannels: architecture.stemChannels, kernel: architecture.stemKernel,
            stride: architecture.stemStride, padding: stemPadding, group: 1)
        x = relu6("stem.relu6", x, channels: architecture.stemChannels, extent: stemPadding.outputExtent)

        for block in architecture.blocks {
            x = try emitBlock(block, input: x)
        }

        let extent = architecture.finalExtent
        x = try convBatchNorm(
            "head", input: x, conv: "_conv_head", batchNorm: "_bn1", inputChannels: architecture.blocks.last?.outputChannels ?? 0,
            outputChannels: architecture.headChannels, kernel: 1, stride: 1,
            padding: SamePadding(input: extent, kernel: 1, stride: 1), group: 1)
        x = relu6("head.relu6", x, channels: architecture.headChannels, extent: extent)
        x = writer.addNode("GlobalAveragePool", name: "pool", inputs: [x],
                           outputShape: [Self.batch, .fixed(architecture.headChannels), .fixed(1), .fixed(1)])
        x = writer.addNode("Flatten", name: "flatten", inputs: [x], attributes: [ONNXGraphWriter.attribute("axis", int: 1)],
                           outputShape: [Self.batch, .fixed(architecture.headChannels)])
        let classes = architecture.classCount
        try addWeight("_fc.weight", shape: [classes, architecture.headChannels])
        try addWeight("_fc.bias", shape: [classes])
        let logits = writer.addNode(
            "Gemm", name: EfficientNetLiteONNX.outputName, inputs: [x, "_fc.weight", "_fc.bias"],
            attributes: [ONNXGraphWriter.attribute("transB", int: 1)], outputShape: [Self.batch, .fixed(classes)])
        writer.addOutput(logits, shape: [Self.batch, .fixed(classes)])
    }

    /// One MBConv block; returns the name of its output.
    private mutating func emitBlock(_ block: MBConvBlock, input: String) throws -> String {
        let name = "blocks.\(block.index)", key = "_blocks.\(block.index)"
        var x = input
        if block.expands {
            let identity = SamePadding(input: block.inputExtent, kernel: 1, stride: 1)
            x = try convBatchNorm("\(name).expand", input: x, conv: "\(key)._expand_conv", batchNorm: "\(key)._bn0",
                                  inputChannels: block.inputChannels, outputChannels: block.expandedChannels,
                                  kernel: 1, stride: 1, padding: identity, group: 1)
            x = relu6("\(name).expand.relu6", x, channels: block.expandedChannels, extent: block.inputExtent)
        }
        x = try convBatchNorm("\(name).depthwise", input: x, conv: "\(key)._depthwise_conv", batchNorm: "\(key)._bn1",
                              inputChannels: block.expandedChannels, outputChannels: block.expandedChannels,
                              kernel: block.kernel, stride: block.stride, padding: block.depthwisePadding,
                              group: block.expandedChannels)
        x = relu6("\(name).depthwise.relu6", x, channels: block.expandedChannels, extent: block.outputExtent)
        let identity = SamePadding(input: block.outputExtent, kernel: 1, stride: 1)
        x = try convBatchNorm("\(name).project", input: x, conv: "\(key)._project_conv", batchNorm: "\(key)._bn2",
                              inputChannels: block.expandedChannels, outputChannels: block.outputChannels,
                              kernel: 1, stride: 1, padding: identity, group: 1)
        guard block.hasSkip else { return x }
        return writer.addNode("Add", name: "\(name).add", inputs: [x, input],
                              outputShape: featureMap(block.outputChannels, block.outputExtent))
    }

    /// `prefix.conv` (no bias) followed by `prefix.bn`; returns the batch norm's output.
    private mutating func convBatchNorm(_ prefix: String, input: String, conv: String, batchNorm: String,
                                        inputChannels: Int, outputChannels: Int, kernel: Int, stride: Int,
                                        padding: SamePadding, group: Int) throws -> String {
        let weight = "\(conv).weight"
        try addWeight(weight, shape: [outputChannels, inputChannels / group, kernel, kernel])
        let pads = [padding.begin, padding.begin, padding.end, padding.end]
        let output = featureMap(outputChannels, padding.outputExtent)
        let convolved = writer.addNode("Conv", name: "\(prefix).conv", inputs: [input, weight], attributes: [
            ONNXGraphWriter.attribute("kernel_shape", ints: [kernel, kernel]),
            ONNXGraphWriter.attribute("strides", ints: [stride, stride]),
            ONNXGraphWriter.attribute("pads", ints: pads),
            ONNXGraphWriter.attribute("dilations", ints: [1, 1]),
            ONNXGraphWriter.attribute("group", int: group),
        ], outputShape: output)
        let parameters = ["weight", "bias", "running_mean", "running_var"].map { "\(batchNorm).\($0)" }
        for parameter in parameters { try addWeight(parameter, shape: [outputChannels]) }
        return writer.addNode("BatchNormalization", name: "\(prefix).bn", inputs: [convolved] + parameters,
                              attributes: [ONNXGraphWriter.attribute("epsilon", float: EfficientNetLiteONNX.batchNormEpsilon)],
                              outputShape: output)
    }

    private mutating func relu6(_ name: String, _ input: String, channels: Int, extent: Int) -> String {
        writer.addNode("Clip", name: name, inputs: [input, Self.relu6Bounds.min, Self.relu6Bounds.max],
                       outputShape: featureMap(channels, extent))
    }

    private mutating func addWeight(_ key: String, shape: [Int]) throws {
        writer.addInitializer(key, try weights.tensor(key, shape: shape))
    }

    private func featureMap(_ channels: Int, _ extent: Int) -> [ONNXGraphWriter.Dimension] {
        [Self.batch, .fixed(channels), .fixed(extent), .fixed(extent)]
    }
}
