import Foundation
import INVEngine
@testable import INVModels

/// One ONNX backend test folder: `model.onnx` and `test_data_set_*/{input,output}_*.pb`
/// (onnx/backend/test/data layout, as shipped by Debian's `libonnx-testdata`).
struct BackendTestCase: Sendable, CustomStringConvertible {
    let suite: String
    let name: String
    let directory: URL
    var description: String { "\(suite)/\(name)" }

    /// Where Debian installs the test data; `INV_ONNX_TESTDATA` overrides it.
    static var dataRoot: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["INV_ONNX_TESTDATA"] ?? "/usr/share/libonnx-testdata/data")
    }

    /// Every test folder of a suite ("node", "pytorch-converted"), sorted by name.
    static func all(in suite: String) -> [BackendTestCase] {
        let root = dataRoot.appendingPathComponent(suite)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted()
            .filter { FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/model.onnx").path) }
            .map { BackendTestCase(suite: suite, name: $0, directory: root.appendingPathComponent($0)) }
    }

    /// Op types of the model that INVKit has no handler for.
    func unsupportedOps() throws -> [String] {
        let model = try ONNXModel(contentsOf: directory.appendingPathComponent("model.onnx"))
        return model.opTypeCounts.keys.filter { ONNXOps.handlers[$0] == nil }.sorted()
    }

    /// The result of running a test: nil failure when all outputs match within the backend-test
    /// tolerances; `folded` when every input had to be bound at load time (see ``graph(_:_:)``).
    struct Outcome {
        var failure: String?
        var folded = false
    }

    /// Runs every data set.
    func run() -> Outcome {
        var outcome = Outcome()
        do {
            let model = try ONNXModel(contentsOf: directory.appendingPathComponent("model.onnx"))
            let dataSets = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasPrefix("test_data_set_") }.sorted()
            guard !dataSets.isEmpty else { return Outcome(failure: "no test_data_set_* folder") }
            for dataSet in dataSets {
                if let failure = try check(model, dataSet: directory.appendingPathComponent(dataSet), outcome: &outcome) {
                    outcome.failure = "\(dataSet): \(failure)"
                    return outcome
                }
            }
        } catch {
            outcome.failure = "\(error)"
        }
        return outcome
    }

    private func check(_ model: ONNXModel, dataSet: URL, outcome: inout Outcome) throws -> String? {
        let inputs = try Self.tensors(in: dataSet, prefix: "input_")
        let expected = try Self.tensors(in: dataSet, prefix: "output_")
        guard inputs.count == model.inputs.count else {
            return "\(inputs.count) input files for graph inputs \(model.inputs.map(\.name))"
        }
        let values = Dictionary(uniqueKeysWithValues: zip(model.inputs.map(\.name), inputs))
        let (graph, folded) = try Self.graph(model, values)
        outcome.folded = outcome.folded || folded
        var feeds: [String: Tensor] = [:]
        for input in graph.inputs { feeds[input.name] = values[input.name]?.floats }
        let outputs = try graph.run(inputs: feeds)
        for (info, want) in zip(model.outputs, expected) {
            guard let got = outputs[info.name] else { return "output '\(info.name)' missing" }
            if let failure = closenessFailure(got, want.floats) { return "output '\(info.name)': \(failure)" }
        }
        return expected.count == model.outputs.count ? nil : "\(expected.count) output files for \(model.outputs.count) outputs"
    }

    /// Builds the graph with float inputs computed at run time and integer/bool inputs bound as
    /// constants; an input the importer needs at load time (a Clip bound, a Resize scale) is bound
    /// too. When such a value is derived from inputs, or the model uses an op INVKit evaluates only
    /// at load time, every input is bound and the test checks the folded result.
    private static func graph(_ model: ONNXModel, _ values: [String: ONNXTensor]) throws -> (ONNXGraph, folded: Bool) {
        var constants = values.filter { !$0.value.dataType.isFloatingPoint }
        var shapes = values.filter { $0.value.dataType.isFloatingPoint }.mapValues(\.shape)
        while true {
            do {
                return (try model.graph(inputShapes: shapes, constantInputs: constants), shapes.isEmpty && !values.isEmpty
                        && values.values.contains { $0.dataType.isFloatingPoint })
            } catch ONNXError.inputNotConstant(_, _, _, _, let tensor) where values[tensor] != nil && constants[tensor] == nil {
                constants[tensor] = values[tensor]
                shapes[tensor] = nil
            } catch ONNXError.inputNotConstant where !shapes.isEmpty, ONNXError.loadTimeOnly where !shapes.isEmpty {
                // Load-time-only ops (Ceil, Greater, ReduceMax, …): test their folding on constant inputs.
                constants = values
                shapes = [:]
            }
        }
    }

    /// `PREFIXk.pb` files in index order.
    private static func tensors(in dataSet: URL, prefix: String) throws -> [ONNXTensor] {
        let files = try FileManager.default.contentsOfDirectory(atPath: dataSet.path)
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".pb") }
            .sorted { Int($0.dropFirst(prefix.count).dropLast(3)) ?? 0 < Int($1.dropFirst(prefix.count).dropLast(3)) ?? 0 }
        return try files.map { try ONNXTensor(contentsOf: dataSet.appendingPathComponent($0)) }
    }
}
