import Foundation
import Testing
@testable import INVModels

/// Op-type counts of EfficientNet-Lite0: 49 conv + 49 BN, 33 ReLU6, 9 skip additions, pool, flatten, FC.
private let lite0OpCounts = ["Conv": 49, "BatchNormalization": 49, "Clip": 33, "Add": 9,
                             "GlobalAveragePool": 1, "Flatten": 1, "Gemm": 1]
/// Weights and biases (running statistics excluded): the 4.65 M parameters of EfficientNet-Lite0.
private let lite0ParameterCount = 4_652_008

private func parameterCount(_ model: Onnx_ModelProto) -> Int {
    model.graph.initializer
        .filter { !$0.name.hasSuffix("running_mean") && !$0.name.hasSuffix("running_var") && !$0.name.hasPrefix("relu6.") }
        .reduce(0) { $0 + $1.dims.reduce(1) { $0 * Int($1) } }
}

private func node(_ name: String, in model: Onnx_ModelProto) throws -> Onnx_NodeProto {
    try #require(model.graph.node.first { $0.name == name }, "no node \(name)")
}

private func ints(_ attribute: String, of node: Onnx_NodeProto) -> [Int] {
    node.attribute.first { $0.name == attribute }.map { $0.ints.map(Int.init) } ?? []
}

private func declaredShape(_ name: String, in model: Onnx_ModelProto) -> [String] {
    guard let info = (model.graph.valueInfo + model.graph.output).first(where: { $0.name == name }) else { return [] }
    return info.type.tensorType.shape.dim.map { dim in
        if case .dimParam(let symbol)? = dim.value { return symbol }
        return String(dim.dimValue)
    }
}

@Suite struct EfficientNetLiteConversionTests {
    @Test func samePaddingMatchesTensorFlow() {
        // (input, kernel, stride) → (begin, end, output); asymmetric for even inputs at stride 2.
        let cases: [(Int, Int, Int, Int, Int, Int)] = [
            (224, 3, 2, 0, 1, 112), (112, 3, 2, 0, 1, 56), (56, 5, 2, 1, 2, 28), (14, 5, 2, 1, 2, 7),
            (112, 3, 1, 1, 1, 112), (28, 5, 1, 2, 2, 28), (7, 1, 1, 0, 0, 7), (225, 3, 2, 1, 1, 113),
        ]
        for (input, kernel, stride, begin, end, output) in cases {
            let padding = SamePadding(input: input, kernel: kernel, stride: stride)
            #expect([padding.begin, padding.end, padding.outputExtent] as [Int] == [begin, end, output], "i=\(input) k=\(kernel) s=\(stride)")
        }
    }

    @Test func structureOfTheConvertedGraph() throws {
        let model = try EfficientNetLite0Zoo.makeModel(stateDict: try syntheticLite0StateDict())
        let counts = Dictionary(model.graph.node.map { ($0.opType, 1) }, uniquingKeysWith: +)
        #expect(counts == lite0OpCounts)
        #expect(model.graph.node.count == 143)
        #expect(parameterCount(model) == lite0ParameterCount)
        #expect(model.opsetImport.map(\.version) == [13])
        #expect(model.graph.input.map(\.name) == ["input"])
        #expect(model.graph.output.map(\.name) == ["logits"])
        #expect(declaredShape("logits", in: model) == ["batch", "1000"])
        #expect(declaredShape("head.relu6", in: model) == ["batch", "1280", "7", "7"])
        #expect(declaredShape("blocks.3.depthwise.relu6", in: model) == ["batch", "144", "28", "28"])
        #expect(declaredShape("blocks.15.project.bn", in: model) == ["batch", "320", "7", "7"])

        // Static TF-"SAME" pads [top, left, bottom, right] and strides of representative convolutions.
        let expected: [(String, [Int], Int, Int)] = [
            ("stem.conv", [0, 0, 1, 1], 2, 1),
            ("blocks.0.depthwise.conv", [1, 1, 1, 1], 1, 32),
            ("blocks.1.depthwise.conv", [0, 0, 1, 1], 2, 96),
            ("blocks.3.depthwise.conv", [1, 1, 2, 2], 2, 144),
            ("blocks.4.depthwise.conv", [2, 2, 2, 2], 1, 240),
            ("blocks.11.depthwise.conv", [1, 1, 2, 2], 2, 672),
            ("blocks.3.project.conv", [0, 0, 0, 0], 1, 1),
        ]
        for (name, pads, stride, group) in expected {
            let conv = try node(name, in: model)
            #expect(ints("pads", of: conv) == pads, "\(name) pads")
            #expect(ints("strides", of: conv) == [stride, stride], "\(name) strides")
            #expect(conv.attribute.first { $0.name == "group" }?.i == Int64(group), "\(name) group")
        }
        // Skips exactly where stride is 1 and the channel count is unchanged.
        let adds = model.graph.node.filter { $0.opType == "Add" }.map(\.name)
        #expect(adds == [2, 4, 6, 7, 9, 10, 12, 13, 14].map { "blocks.\($0).add" })
        #expect(try node("blocks.2.add", in: model).input == ["blocks.2.project.bn", "blocks.1.project.bn"])
    }

    @Test func missingOrMisshapenWeightsAreNamed() throws {
        let missing = try #require(throws: StateDictError.self) {
            try EfficientNetLite0Zoo.makeModel(stateDict: try syntheticLite0StateDict(dropping: "_blocks.3._bn1.running_var"))
        }
        #expect(missing.description.hasPrefix("state dict has no key '_blocks.3._bn1.running_var'; keys with the same prefix: _blocks.3._bn1.weight"))

        let misshapen = try #require(throws: StateDictError.self) {
            try EfficientNetLite0Zoo.makeModel(stateDict: try syntheticLite0StateDict(reshaping: ("_fc.bias", [999])))
        }
        #expect(misshapen.description == "state dict key '_fc.bias' has shape [999], expected [1000]")

        let wrongKernel = try #require(throws: StateDictError.self) {
            try EfficientNetLite0Zoo.makeModel(stateDict: try syntheticLite0StateDict(
                reshaping: ("_blocks.5._depthwise_conv.weight", [240, 1, 5, 5])))
        }
        #expect(wrongKernel.description == "state dict does not match the architecture: block 5 (stage 4) depthwise "
                    + "weight has shape [240, 1, 5, 5], expected [240, 1, 3, 3]")
    }

    @Test func convertsTheRealCheckpoint() throws {
        guard let files = try preparedDefaultModel() else { return }
        let stateDict = try TorchLegacyCheckpoint.load(contentsOf: files.weights)
        #expect(stateDict.entries.count == 296)
        #expect(stateDict.names.prefix(3) == ["_conv_stem.weight", "_bn0.weight", "_bn0.bias"])
        #expect(stateDict.entries.filter { $0.storageType == .int64 }.count == 49)  // num_batches_tracked

        let model = try Onnx_ModelProto(serializedBytes: try Data(contentsOf: files.onnx))
        #expect(model.graph.node.count == 143)
        #expect(parameterCount(model) == lite0ParameterCount)
        let sidecar = try ModelSidecar.load(contentsOf: files.sidecar)
        #expect(sidecar.preprocessing.mean == [127, 127, 127] && sidecar.preprocessing.std == [128, 128, 128])
        let names = try ImageNetClassNames.load(contentsOf: files.classNames)
        #expect(names[281].hasPrefix("tabby") && names[967] == "espresso")
    }
}
