import Foundation
import INVEngine
import Testing
@testable import INVModels

/// Conv layers: listing, `auto_pad`, and the Grad-CAM signal (activations and gradients of a conv
/// output by its ONNX name) against a closed form.
@Suite struct ConvImportTests {
    typealias F = ModelFactory

    /// conv (4×3×3×3, stride 2, `auto_pad`) → Relu → GlobalAveragePool → Flatten → Gemm (4 → 2).
    func classifier(autoPad: String) throws -> (Data, fc: Tensor) {
        let w = Tensor(shape: [4, 3, 3, 3], scalars: (0..<108).map { Float(($0 * 37) % 11) / 11 - 0.45 })
        let b = Tensor(shape: [4], scalars: [0.1, -0.2, 0.3, 0])
        let fc = Tensor(shape: [2, 4], scalars: [1, -2, 0.5, 3, -1, 0.25, 2, -0.5])
        let data = try F.model(opset: 11, nodes: [
            F.node("Conv", ["x", "w", "b"], ["conv_out"], name: "conv1",
                   F.attribute("strides", ints: [2, 2]), F.attribute("auto_pad", string: autoPad)),
            F.node("Relu", ["conv_out"], ["act"], name: "relu1"),
            F.node("GlobalAveragePool", ["act"], ["pooled"]),
            F.node("Flatten", ["pooled"], ["flat"]),
            F.node("Gemm", ["flat", "fc"], ["logits"], name: "head", F.attribute("transB", int: 1)),
        ], inputs: [F.valueInfo("x", [1, 3, 8, 8])], outputs: ["logits"],
        initializers: [F.tensor("w", w), F.tensor("b", b), F.tensor("fc", fc)])
        return (data, fc)
    }

    @Test func convLayersAreListedWithShapesAndSamePadding() throws {
        let graph = try F.load(try classifier(autoPad: "SAME_UPPER").0).graph()
        #expect(graph.convLayers == [ONNXGraph.ConvLayer(node: "conv1", output: "conv_out", outputShape: [1, 4, 4, 4], weightShape: [4, 3, 3, 3])])
        // ⌈8/2⌉ = 4 outputs need (4−1)·2 + 3 − 8 = 1 padded row: none before, one after (SAME_UPPER).
        let conv = try #require(graph.graph.nodes.first?.op as? Conv2D)
        #expect(conv.pads == Padding2D(top: 0, left: 0, bottom: 1, right: 1))
        let lower = try F.load(try classifier(autoPad: "SAME_LOWER").0).graph()
        #expect((lower.graph.nodes.first?.op as? Conv2D)?.pads == Padding2D(top: 1, left: 1, bottom: 0, right: 0))
    }

    /// ∂logit_c/∂conv_out[k, i, j] = relu′(conv_out) · fc[c, k] / 16 (global average over 4×4).
    @Test func gradientOfAClassLogitAtTheConvOutput() throws {
        let (data, fc) = try classifier(autoPad: "SAME_UPPER")
        let graph = try F.load(data).graph()
        let x = Tensor(shape: [1, 3, 8, 8], scalars: (0..<192).map { Float(($0 * 53) % 17) / 17 - 0.5 })
        let pass = try graph.forwardBackward(input: x, taps: ["conv_out"]) { logits in
            #expect(logits.shape == [1, 2])
            return Tensor(shape: [1, 2], scalars: [0, 1])
        }
        let activation = try #require(pass.activations["conv_out"]), gradient = try #require(pass.gradients["conv_out"])
        #expect(activation.shape == [1, 4, 4, 4] && gradient.shape == [1, 4, 4, 4])
        let expected = Tensor(shape: [1, 4, 4, 4], scalars: (0..<64).map { i in
            activation.scalars[i] > 0 ? fc[1, i / 16] / 16 : 0
        })
        expectClose(gradient, expected, atol: 1e-7, "∂logit₁/∂conv_out")
        // The forward pass without a tape gives the same logits.
        expectClose(try graph.run(inputs: ["x": x])["logits"], pass.output, rtol: 0, atol: 0, "logits without a tape")
    }

    /// A 1-D convolution runs as a 2-D one of height 1.
    @Test func conv1DMatchesTheDirectSum() throws {
        let w = Tensor(shape: [2, 1, 3], scalars: [1, 0, -1, 0.5, 0.5, 0.5])
        let data = try F.model(nodes: [F.node("Conv", ["x", "w"], ["y"], F.attribute("pads", ints: [1, 1]))],
                               inputs: [F.valueInfo("x", [1, 1, 5])], outputs: ["y"], initializers: [F.tensor("w", w)])
        let x = Tensor(shape: [1, 1, 5], scalars: [1, 2, 4, 8, 16])
        let y = try F.load(data).graph().run(inputs: ["x": x])["y"]
        let padded: [Float] = [0, 1, 2, 4, 8, 16, 0]
        let expected = (0..<2).flatMap { m in (0..<5).map { o in (0..<3).reduce(Float(0)) { $0 + w[m, 0, $1] * padded[o + $1] } } }
        expectClose(y, Tensor(shape: [1, 2, 5], scalars: expected))
    }
}
