import Foundation
import INVEngine
import Testing
@testable import INVModels

/// Bad input is a typed error naming the file, node, op or tensor — never a crash.
@Suite struct ImportErrorTests {
    typealias F = ModelFactory

    /// `y = relu(x · w)` with x `[2, 3]`.
    func validModel() throws -> Data {
        try F.model(nodes: [F.node("MatMul", ["x", "w"], ["h"], name: "fc"), F.node("Relu", ["h"], ["y"], name: "act")],
                    inputs: [F.valueInfo("x", [2, 3])], outputs: ["y"],
                    initializers: [F.tensor("w", Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]))])
    }

    func temporaryFile(_ data: Data, name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("invkit-\(UUID().uuidString)-\(name)")
        try data.write(to: url)
        return url
    }

    @Test func truncatedFileNamesTheFile() throws {
        let data = try validModel()
        let url = try temporaryFile(data.prefix(data.count / 2), name: "truncated.onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        let error = try #require(throws: ONNXError.self) { try ONNXModel(contentsOf: url) }
        guard case .notAnONNXModel(let path, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == url.path)
        #expect(error.description.contains("truncated.onnx") && error.description.contains("not an ONNX model"))
    }

    @Test func garbageFileNamesTheFile() throws {
        let url = try temporaryFile(Data("this is a README, not a network\n".utf8), name: "garbage.onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        let error = try #require(throws: ONNXError.self) { try ONNXModel(contentsOf: url) }
        guard case .notAnONNXModel(let path, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == url.path)
    }

    @Test func missingFileIsUnreadable() throws {
        let url = URL(fileURLWithPath: "/nonexistent/model.onnx")
        let error = try #require(throws: ONNXError.self) { try ONNXModel(contentsOf: url) }
        guard case .unreadableFile(let path, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(path == "/nonexistent/model.onnx")
    }

    @Test func unsupportedOpNamesOpNodeOpsetAndTheSupportedOps() throws {
        let data = try F.model(opset: 11, nodes: [F.node("Hardmax", ["x"], ["y"], name: "argmax_head")],
                               inputs: [F.valueInfo("x", [2, 3])], outputs: ["y"])
        let error = try #require(throws: ONNXError.self) { try F.load(data).graph() }
        guard case .unsupportedOp(let op, _, let node, let opset, let supported) = error else { Issue.record("unexpected \(error)"); return }
        #expect(op == "Hardmax" && node == "argmax_head" && opset == 11)
        #expect(supported.contains("Conv") || supported.contains("MatMul"))
        #expect(error.description.contains("Hardmax") && error.description.contains("argmax_head")
                && error.description.contains("opset 11") && error.description.contains("Relu"))
    }

    @Test func missingInitializerNamesTheTensorAndNode() throws {
        let data = try F.model(nodes: [F.node("MatMul", ["x", "w_missing"], ["y"], name: "fc")],
                               inputs: [F.valueInfo("x", [2, 3])], outputs: ["y"])
        #expect(throws: ONNXError.missingTensor(name: "w_missing", node: "fc", opType: "MatMul")) { try F.load(data).graph() }
    }

    @Test func shapeMismatchNamesTheNodeAndShapes() throws {
        let data = try F.model(nodes: [F.node("MatMul", ["x", "w"], ["y"], name: "fc")],
                               inputs: [F.valueInfo("x", [2, 4])], outputs: ["y"],
                               initializers: [F.tensor("w", Tensor.zeros([3, 2]))])
        let error = try #require(throws: ONNXError.self) { try F.load(data).graph() }
        guard case .shapeMismatch(let node, let opType, let reason) = error else { Issue.record("unexpected \(error)"); return }
        #expect(node == "fc" && opType == "MatMul")
        #expect(reason.contains("[2, 4]") && reason.contains("[3, 2]"))
    }

    @Test func unknownAttributeIsNotIgnored() throws {
        let data = try F.model(nodes: [F.node("Relu", ["x"], ["y"], name: "act", F.attribute("leak", float: 0.1))],
                               inputs: [F.valueInfo("x", [2])], outputs: ["y"])
        #expect(throws: ONNXError.unsupportedFeature(node: "act", opType: "Relu", reason: "attribute 'leak' is not supported")) {
            try F.load(data).graph()
        }
    }

    @Test func attributeOfTheWrongTypeNamesIt() throws {
        let data = try F.model(nodes: [F.node("Softmax", ["x"], ["y"], name: "prob", F.attribute("axis", string: "last"))],
                               inputs: [F.valueInfo("x", [2, 3])], outputs: ["y"])
        let error = try #require(throws: ONNXError.self) { try F.load(data).graph() }
        guard case .invalidAttribute(let node, _, let attribute, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(node == "prob" && attribute == "axis")
    }

    @Test func symbolicInputShapeNeedsAShape() throws {
        let data = try F.model(nodes: [F.node("Relu", ["x"], ["y"])], inputs: [F.valueInfo("x", [nil, 3])], outputs: ["y"])
        let model = try F.load(data)
        #expect(throws: ONNXError.unknownInputShape(input: "x", declared: "[?, 3]")) { try model.graph() }
        #expect(try model.graph(inputShapes: ["x": [5, 3]]).inputs.first?.shape == [5, 3])
        #expect(throws: ONNXError.self) { try model.graph(inputShapes: ["x": [5, 4]]) }
    }

    @Test func runWithWrongInputShapeOrUnknownTapThrows() throws {
        let graph = try F.load(try validModel()).graph()
        #expect(throws: GraphError.self) { try graph.run(inputs: ["x": Tensor.zeros([3, 3])]) }
        #expect(throws: GraphError.self) { try graph.run(inputs: [:]) }
        #expect(throws: ONNXError.self) { try graph.forwardBackward(input: Tensor.zeros([2, 3]), taps: ["nope"]) { $0 } }
        #expect(throws: ONNXError.self) { try graph.forwardBackward(input: Tensor.zeros([2, 3]), taps: ["w"]) { $0 } }
    }

    @Test func integerInputMustBeBoundAtLoadTime() throws {
        let data = try F.model(nodes: [F.node("Gather", ["x", "i"], ["y"], name: "pick")],
                               inputs: [F.valueInfo("x", [4, 2]), F.valueInfo("i", [2], type: .int64)], outputs: ["y"])
        let model = try F.load(data)
        #expect(throws: ONNXError.self) { try model.graph() }
        let graph = try model.graph(constantInputs: ["i": ONNXTensor(integers: [3, 0], shape: [2])])
        let y = try graph.run(inputs: ["x": Tensor(shape: [4, 2], scalars: [0, 1, 2, 3, 4, 5, 6, 7])])["y"]
        #expect(y?.scalars == [6, 7, 0, 1])
    }

    @Test func corruptInitializerNamesTheTensor() throws {
        var w = F.tensor("w", Tensor.zeros([3, 2]))
        w.rawData = w.rawData.prefix(10)
        let data = try F.model(nodes: [F.node("MatMul", ["x", "w"], ["y"])], inputs: [F.valueInfo("x", [2, 3])],
                               outputs: ["y"], initializers: [w])
        let error = try #require(throws: ONNXError.self) { try F.load(data) }
        guard case .invalidTensor(let name, let reason) = error else { Issue.record("unexpected \(error)"); return }
        #expect(name == "w" && reason.contains("10 bytes"))
    }
}
