import Foundation
import INVEngine
import Testing
@testable import INVModels

/// The topology-only models of the `onnx` wheel (`onnx/backend/test/data/light/`): real network
/// graphs (AlexNet … VGG-19, opset 9) whose weights are `ConstantOfShape` nodes. They must import,
/// run, and match the wheel's `light_*_output_0.pb`. With constant weights every class gets the same
/// logit, so that output (the softmax, 1/1000 per class) does not depend on the input image.
///
/// `Scripts/fetch-test-data.sh` puts them in the cache; `INV_ONNX_LIGHT_DIR` overrides the location.
@Suite struct LightModelTests {
    static let names = ["bvlc_alexnet", "densenet121", "inception_v1", "inception_v2", "resnet50",
                        "shufflenet", "squeezenet", "vgg19", "zfnet512"]

    static let directory: URL? = {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["INV_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/invkit")
        let url = environment["INV_ONNX_LIGHT_DIR"].map { URL(fileURLWithPath: $0) } ?? cache.appendingPathComponent("onnx-light")
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("light_resnet50.onnx").path) else {
            print("[light models] not found in \(url.path): run Scripts/fetch-test-data.sh (or set INV_ONNX_LIGHT_DIR); skipped")
            return nil
        }
        return url
    }()

    @Test(.enabled(if: directory != nil, "light models not fetched (Scripts/fetch-test-data.sh)"), arguments: names)
    func importsAndRuns(_ name: String) throws {
        let directory = try #require(Self.directory)
        let model = try ONNXModel(contentsOf: directory.appendingPathComponent("light_\(name).onnx"))
        let expected = try ONNXTensor(contentsOf: directory.appendingPathComponent("light_\(name)_output_0.pb")).floats
        let graph = try model.graph()
        let input = try #require(graph.inputs.first)
        #expect(input.shape.count == 4 && input.shape[1] == 3, "\(name): input \(input.shape)")
        #expect(!graph.convLayers.isEmpty, "\(name): no conv layers listed")
        // A deterministic, non-constant image.
        let image = Tensor(shape: input.shape, scalars: (0..<input.shape.elementCount).map { Float(($0 * 7919) % 255) / 255 })
        let outputs = try graph.run(inputs: [input.name: image])
        let output = try #require(outputs[graph.outputs[0]])
        #expect(output.shape == expected.shape, "\(name): output shape \(output.shape), expected \(expected.shape)")
        if let failure = closenessFailure(output, expected) { Issue.record("\(name): \(failure)") }
        print("[light models] \(name): \(model.opTypeCounts.values.reduce(0, +)) nodes → \(graph.graph.nodes.count) engine ops, "
              + "\(graph.convLayers.count) conv layers, output \(output.shape)")
    }
}
