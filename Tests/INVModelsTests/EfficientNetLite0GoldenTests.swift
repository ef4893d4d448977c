import Foundation
import INVEngine
import Testing
@testable import INVModels

/// Golden/efficientnet_lite0_golden.json, written by Golden/make_efficientnet_golden.py (PyTorch).
private struct EfficientNetGolden: Decodable {
    struct Checksums: Decodable {
        let sum: Double
        let weighted_sum: Double
    }
    struct Input: Decodable {
        let name: String
        let input_checksums: Checksums
        let logits: [Float]
    }
    struct TensorCheck: Decodable {
        let key: String
        let shape: [Int]
        let sum: Double
        let first5: [Float]
    }
    let inputs: [Input]
    let state_dict_checks: [TensorCheck]

    static func load() throws -> EfficientNetGolden {
        try JSONDecoder().decode(EfficientNetGolden.self, from: Data(contentsOf: goldenDirectory.appendingPathComponent("efficientnet_lite0_golden.json")))
    }
}

@Suite struct EfficientNetLite0GoldenTests {
    /// The Swift formula inputs are the ones the golden script fed to PyTorch.
    @Test func formulaInputsMatchTheScript() throws {
        for golden in try EfficientNetGolden.load().inputs {
            let pattern = try #require(FormulaInput(rawValue: golden.name), "unknown pattern \(golden.name)")
            let x = pattern.tensor().scalars.map(Double.init)
            let weighted = x.indices.reduce(0.0) { $0 + x[$1] * Double($1 % 97) }
            #expect(x.reduce(0, +) == golden.input_checksums.sum, "\(golden.name): Σx")
            #expect(weighted == golden.input_checksums.weighted_sum, "\(golden.name): Σ x·(i mod 97)")
        }
    }

    /// The legacy-checkpoint reader sees the tensors torch.load sees (strided views materialised).
    @Test func checkpointReaderMatchesTorchLoad() throws {
        guard let files = try preparedDefaultModel() else { return }
        let stateDict = try TorchLegacyCheckpoint.load(contentsOf: files.weights)
        for check in try EfficientNetGolden.load().state_dict_checks {
            let tensor = try stateDict.tensor(check.key, shape: check.shape)
            expectClose(Array(tensor.scalars.prefix(5)), check.first5, atol: 0, "\(check.key) first values")
            let sum = tensor.scalars.reduce(0.0) { $0 + Double($1) }
            #expect(abs(sum - check.sum) <= 1e-9 * max(1, abs(check.sum)), "\(check.key): Σ = \(sum), torch \(check.sum)")
        }
    }

    /// The converted default model, imported like any user ONNX file, reproduces PyTorch's logits:
    /// max |Δlogit| ≤ 1e-3 on every formula input.
    @Test func convertedModelReproducesPyTorchLogits() throws {
        guard let files = try preparedDefaultModel() else { return }
        // Until the importer has the convolution-family handlers (branches `spatial` and `onnx`), the
        // import fails with "unsupported op"; the known issue lapses by itself once they are there.
        try withKnownIssue("the importer has no Conv/BatchNormalization/GlobalAveragePool handler yet") {
            let graph = try ONNXModel(contentsOf: files.onnx).graph(inputShapes: ["input": [1, 3, 224, 224]])
            for golden in try EfficientNetGolden.load().inputs {
                let pattern = try #require(FormulaInput(rawValue: golden.name))
                let logits = try #require(try graph.run(inputs: ["input": pattern.tensor()])["logits"])
                #expect(logits.shape == [1, 1000])
                expectClose(logits.scalars, golden.logits, atol: 1e-3, "\(golden.name) logits")
            }
        } when: {
            ["Conv", "BatchNormalization", "GlobalAveragePool"].contains { ONNXOps.handlers[$0] == nil }
        }
    }
}
