import Foundation
import INVEngine
import Testing
@testable import INVModels

/// Opset-aware handlers, load-time folding, taps and gradients by ONNX name.
@Suite struct ImporterTests {
    typealias F = ModelFactory

    func run(_ data: Data, _ inputs: [String: Tensor]) throws -> [String: Tensor] {
        try F.load(data).graph().run(inputs: inputs)
    }

    /// Softmax over `count`-element rows of `x`.
    func softmaxRows(_ x: [Float], rowLength: Int) -> [Float] {
        stride(from: 0, to: x.count, by: rowLength).flatMap { start -> [Float] in
            let row = x[start..<(start + rowLength)]
            let m = row.max() ?? 0
            let e = row.map { Foundation.exp($0 - m) }
            let s = e.reduce(0, +)
            return e.map { $0 / s }
        }
    }

    @Test func softmaxAxisSemanticsChangeAtOpset13() throws {
        let x = Tensor(shape: [2, 3, 4], scalars: (0..<24).map { Float($0 % 7) * 0.3 - 1 })
        func model(_ opset: Int) throws -> Data {
            try F.model(opset: opset, nodes: [F.node("Softmax", ["x"], ["y"])], inputs: [F.valueInfo("x", [2, 3, 4])], outputs: ["y"])
        }
        // Opset 11: default axis 1, input coerced to [2, 12]: one softmax per batch item over 12 values.
        expectClose(try run(try model(11), ["x": x])["y"], Tensor(shape: [2, 3, 4], scalars: softmaxRows(x.scalars, rowLength: 12)))
        // Opset 13: default axis −1: one softmax per row of 4.
        expectClose(try run(try model(13), ["x": x])["y"], Tensor(shape: [2, 3, 4], scalars: softmaxRows(x.scalars, rowLength: 4)))
    }

    @Test func clipBoundsAreAttributesBeforeOpset11AndInputsAfter() throws {
        let x = Tensor(shape: [5], scalars: [-3, -0.5, 0, 2, 9])
        let old = try F.model(opset: 6, nodes: [F.node("Clip", ["x"], ["y"], F.attribute("min", float: -1), F.attribute("max", float: 6))],
                              inputs: [F.valueInfo("x", [5])], outputs: ["y"])
        let new = try F.model(opset: 11, nodes: [F.node("Clip", ["x", "lo", "hi"], ["y"])], inputs: [F.valueInfo("x", [5])],
                              outputs: ["y"], initializers: [F.tensor("lo", Tensor(scalar: -1)), F.tensor("hi", Tensor(scalar: 6))])
        let expected = Tensor(shape: [5], scalars: [-1, -0.5, 0, 2, 6])
        expectClose(try run(old, ["x": x])["y"], expected)
        expectClose(try run(new, ["x": x])["y"], expected)
        let unbounded = try F.model(opset: 13, nodes: [F.node("Clip", ["x", "", "hi"], ["y"])], inputs: [F.valueInfo("x", [5])],
                                    outputs: ["y"], initializers: [F.tensor("hi", Tensor(scalar: 0))])
        expectClose(try run(unbounded, ["x": x])["y"], Tensor(shape: [5], scalars: [-3, -0.5, 0, 0, 0]))
    }

    @Test func unsqueezeAndReduceSumAxesMoveToInputsAtOpset13() throws {
        let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let old = try F.model(opset: 11, nodes: [
            F.node("ReduceSum", ["x"], ["s"], F.attribute("axes", ints: [1]), F.attribute("keepdims", int: 0)),
            F.node("Unsqueeze", ["s"], ["y"], F.attribute("axes", ints: [0])),
        ], inputs: [F.valueInfo("x", [2, 3])], outputs: ["y"])
        let new = try F.model(opset: 13, nodes: [
            F.node("ReduceSum", ["x", "axes1"], ["s"], F.attribute("keepdims", int: 0)),
            F.node("Unsqueeze", ["s", "axes0"], ["y"]),
        ], inputs: [F.valueInfo("x", [2, 3])], outputs: ["y"],
        initializers: [F.tensor("axes1", int64: [1]), F.tensor("axes0", int64: [0])])
        let expected = Tensor(shape: [1, 2], scalars: [6, 15])
        expectClose(try run(old, ["x": x])["y"], expected)
        expectClose(try run(new, ["x": x])["y"], expected)
    }

    /// `Shape → Gather → Unsqueeze → Concat → Reshape`, as PyTorch exports `x.view(x.size(0), -1)`:
    /// everything but the reshape folds away.
    @Test func shapeSubgraphFoldsToOneReshape() throws {
        let data = try F.model(nodes: [
            F.node("Shape", ["x"], ["shape"]),
            F.node("Gather", ["shape", "zero"], ["batch"], F.attribute("axis", int: 0)),
            F.node("Unsqueeze", ["batch", "axes0"], ["batch1"]),
            F.node("Concat", ["batch1", "minus1"], ["target"], F.attribute("axis", int: 0)),
            F.node("Reshape", ["x", "target"], ["y"], name: "flatten"),
        ], inputs: [F.valueInfo("x", [2, 3, 2, 2])], outputs: ["y"],
        initializers: [F.tensor("zero", int64: [0], shape: []), F.tensor("axes0", int64: [0]), F.tensor("minus1", int64: [-1])])
        let graph = try F.load(data).graph()
        #expect(graph.graph.nodes.count == 1)
        #expect(graph.graph.nodes.first?.name == "flatten")
        #expect(graph.shape(of: "y") == [2, 12])
        let x = Tensor(shape: [2, 3, 2, 2], scalars: (0..<24).map(Float.init))
        #expect(try graph.run(inputs: ["x": x])["y"]?.shape == [2, 12])
    }

    /// Integer constants fold exactly: a slice end of INT64_MAX and a Range/Cast/Mul chain.
    @Test func integerFoldingIsExact() throws {
        let data = try F.model(nodes: [
            F.node("Range", ["start", "limit", "delta"], ["r"]),                       // [1, 3, 5]
            F.node("Mul", ["r", "big"], ["rb"]),                                       // [2^40, 3·2^40, 5·2^40]
            F.node("Div", ["rb", "big"], ["back"]),                                    // [1, 3, 5]
            F.node("Slice", ["x", "s", "e", "a"], ["y"]),                              // x[:, 1:]
            F.node("Cast", ["back"], ["f"], F.attribute("to", int: 1)),
        ], inputs: [F.valueInfo("x", [2, 3])], outputs: ["y", "f"],
        initializers: [F.tensor("start", int64: [1], shape: []), F.tensor("limit", int64: [6], shape: []),
                       F.tensor("delta", int64: [2], shape: []), F.tensor("big", int64: [1 << 40], shape: []),
                       F.tensor("s", int64: [1]), F.tensor("e", int64: [Int64.max]), F.tensor("a", int64: [1])])
        let outputs = try run(data, ["x": Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])])
        #expect(outputs["y"]?.scalars == [2, 3, 5, 6])
        expectClose(outputs["f"], [1, 3, 5])
    }

    /// The TF-"SAME" padding arithmetic that exporters emit for EfficientNet-style convs
    /// (`pad_total = max((⌈i/s⌉ − 1)·s + k − i, 0)`, begin = total/2, end = the rest) folds to
    /// the pads vector for the static input size.
    @Test func tfSamePaddingSubgraphFolds() throws {
        let data = try F.model(nodes: [
            F.node("Shape", ["x"], ["shape"]),
            F.node("Slice", ["shape", "two", "four"], ["hw"]),
            F.node("Cast", ["hw"], ["hwf"], F.attribute("to", int: 1)),
            F.node("Div", ["hwf", "stride"], ["ratio"]),
            F.node("Ceil", ["ratio"], ["out"]),
            F.node("Sub", ["out", "one"], ["steps"]),
            F.node("Mul", ["steps", "stride"], ["span"]),
            F.node("Add", ["span", "kernel"], ["reach"]),
            F.node("Sub", ["reach", "hwf"], ["excess"]),
            F.node("Max", ["excess", "zero"], ["total"]),
            F.node("Cast", ["total"], ["totali"], F.attribute("to", int: 7)),
            F.node("Div", ["totali", "twoi"], ["begin"]),
            F.node("Sub", ["totali", "begin"], ["end"]),
            F.node("Concat", ["zeros2", "begin", "zeros2", "end"], ["pads"], F.attribute("axis", int: 0)),
        ], inputs: [F.valueInfo("x", [1, 3, 8, 9])], outputs: ["pads"],
        initializers: [F.tensor("two", int64: [2]), F.tensor("four", int64: [4]), F.tensor("stride", Tensor(scalar: 2)),
                       F.tensor("one", Tensor(scalar: 1)), F.tensor("kernel", Tensor(scalar: 3)), F.tensor("zero", Tensor(scalar: 0)),
                       F.tensor("twoi", int64: [2], shape: []), F.tensor("zeros2", int64: [0, 0])])
        let graph = try F.load(data).graph()
        #expect(graph.graph.nodes.isEmpty)
        // H = 8: total 1 → (0, 1); W = 9: ⌈9/2⌉ = 5, total (4·2 + 3 − 9) = 2 → (1, 1).
        expectClose(try graph.run(inputs: ["x": Tensor.zeros([1, 3, 8, 9])])["pads"], [0, 0, 0, 1, 0, 0, 1, 1])
    }

    @Test func gemmAppliesAlphaBetaAndTransposes() throws {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [4, 3], scalars: (0..<12).map { Float($0) * 0.5 })
        let c = Tensor(shape: [4], scalars: [1, -1, 2, -2])
        let data = try F.model(nodes: [F.node("Gemm", ["a", "b", "c"], ["y"], F.attribute("alpha", float: 2),
                                              F.attribute("beta", float: 0.5), F.attribute("transB", int: 1))],
                               inputs: [F.valueInfo("a", [2, 3])], outputs: ["y"],
                               initializers: [F.tensor("b", b), F.tensor("c", c)])
        var expected = [Float](repeating: 0, count: 8)
        for i in 0..<2 { for j in 0..<4 {
            let dot = (0..<3).reduce(Float(0)) { $0 + a[i, $1] * b[j, $1] }
            expected[i * 4 + j] = 2 * dot + 0.5 * c.scalars[j]
        } }
        expectClose(try run(data, ["a": a])["y"], Tensor(shape: [2, 4], scalars: expected))
    }

    @Test func composedActivationsMatchTheirDefinitions() throws {
        let x = Tensor(shape: [6], scalars: [-3, -1, -0.25, 0, 0.5, 2])
        func check(_ op: String, _ attributes: [Onnx_AttributeProto], _ f: (Float) -> Float, sourceLocation: SourceLocation = #_sourceLocation) throws {
            var node = F.node(op, ["x"], ["y"])
            node.attribute = attributes
            let data = try F.model(nodes: [node], inputs: [F.valueInfo("x", [6])], outputs: ["y"])
            expectClose(try run(data, ["x": x])["y"], x.map(f), sourceLocation: sourceLocation)
        }
        try check("LeakyRelu", [F.attribute("alpha", float: 0.1)]) { $0 >= 0 ? $0 : 0.1 * $0 }
        try check("Elu", []) { $0 > 0 ? $0 : Foundation.exp($0) - 1 }
        try check("HardSigmoid", []) { max(0, min(1, 0.2 * $0 + 0.5)) }
        try check("HardSwish", []) { $0 * max(0, min(1, $0 / 6 + 0.5)) }
        try check("Softplus", []) { Foundation.log(Foundation.exp($0) + 1) }
        try check("Softsign", []) { $0 / (1 + abs($0)) }
    }

    /// Taps by ONNX name, including an Identity output (an alias): one forward and one backward pass.
    @Test func forwardBackwardGivesActivationsAndGradientsByName() throws {
        let w = Tensor(shape: [3, 2], scalars: [1, -1, 2, 0.5, -1, 1])
        let data = try F.model(nodes: [
            F.node("MatMul", ["x", "w"], ["h"], name: "fc"),
            F.node("Relu", ["h"], ["r"], name: "act"),
            F.node("Identity", ["r"], ["features"], name: "tap_point"),
            F.node("Mul", ["features", "two"], ["logits"], name: "scale"),
        ], inputs: [F.valueInfo("x", [1, 3])], outputs: ["logits"],
        initializers: [F.tensor("w", w), F.tensor("two", Tensor(scalar: 2))])
        let graph = try F.load(data).graph()
        #expect(graph.tensorName("features") == "r")
        let x = Tensor(shape: [1, 3], scalars: [1, 2, 3])   // h = x·w = [2, 3]
        let pass = try graph.forwardBackward(input: x, taps: ["features", "h", "x"]) { logits in
            expectClose(logits, [4, 6])
            return Tensor(shape: [1, 2], scalars: [1, 0])
        }
        expectClose(pass.activations["features"], [2, 3])
        expectClose(pass.gradients["features"], [2, 0])
        expectClose(pass.gradients["h"], [2, 0])
        expectClose(pass.gradients["x"], [2, 4, -2])   // 2 · column 0 of w

        // The same through an explicit tape.
        let tape = Tape()
        let recording = try graph.run(inputs: ["x": x], tape: tape)
        let logits = try #require(recording["logits"]), features = try #require(recording["features"])
        let grads = try tape.gradients(of: logits, seed: Tensor(shape: [1, 2], scalars: [0, 1]), withRespectTo: [features])
        expectClose(grads.first, [0, 2])

        // Forward without a tape returns kept intermediates on request.
        let values = try graph.run(inputs: ["x": x], keeping: ["h"])
        expectClose(values["h"], [2, 3])
        expectClose(values["logits"], [4, 6])
    }

    @Test func tensorDecodingCoversTypedFieldsRawDataAndExternalFiles() throws {
        var half = Onnx_TensorProto()
        half.dataType = ONNXTensor.DataType.float16.rawValue
        half.dims = [3]
        half.int32Data = [0x3C00, 0xC000, 0x0001]   // 1, −2, the smallest subnormal
        let h = try ONNXTensor(proto: half, baseDirectory: nil)
        #expect(h.floats.scalars == [1, -2, Float(sign: .plus, exponent: -24, significand: 1)])

        var int8 = Onnx_TensorProto()
        int8.dataType = ONNXTensor.DataType.int8.rawValue
        int8.dims = [2]
        int8.rawData = Data([0xFF, 0x05])
        #expect(try ONNXTensor(proto: int8, baseDirectory: nil).integers == [-1, 5])

        var double = Onnx_TensorProto()
        double.dataType = ONNXTensor.DataType.double.rawValue
        double.dims = [1, 2]
        double.doubleData = [0.25, -8]
        #expect(try ONNXTensor(proto: double, baseDirectory: nil).floats == Tensor(shape: [1, 2], scalars: [0.25, -8]))

        // External data: 2 floats at offset 4 of a file next to the model.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("invkit-external-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let values: [Float] = [99, 1.5, -2.5]
        try values.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: directory.appendingPathComponent("weights.bin"))
        var external = Onnx_TensorProto()
        external.name = "w"
        external.dataType = ONNXTensor.DataType.float.rawValue
        external.dims = [2]
        external.dataLocation = .external
        external.externalData = [("location", "weights.bin"), ("offset", "4"), ("length", "8")].map { key, value in
            var entry = Onnx_StringStringEntryProto()
            entry.key = key
            entry.value = value
            return entry
        }
        #expect(try ONNXTensor(proto: external, baseDirectory: directory).floats.scalars == [1.5, -2.5])
        external.externalData[0].value = "missing.bin"
        #expect(throws: ONNXError.self) { try ONNXTensor(proto: external, baseDirectory: directory) }
    }
}
