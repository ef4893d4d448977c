import Testing
import INVCore
import INVEngine
import INVImaging
@testable import INVPlugins

@Suite struct GradientExplainerTests {
    static func image(seed: UInt64, size: Int = 8) -> Tensor {
        var random = SeededRandom(seed: seed)
        return Tensor(shape: [1, 3, size, size], scalars: (0..<(3 * size * size)).map { _ in Float(random.uniform() * 2 - 1) })
    }

    /// With GAP → linear, ∂y_c/∂A_k = fc[k, c] / (h·w) everywhere, so Grad-CAM is
    /// ReLU(Σ_k fc[k, c]/(h·w) · A_k), scaled by (v − min)/(1e-7 + max) and resized.
    @Test func gradCAMIsTheRecipeOnTheGAPLinearModel() throws {
        let model = GraphClassifier(size: 8, classes: 5)
        let image = Self.image(seed: 11)
        for target in [0, 3] {
            let heatmap = try GradCAMExplainer(parameters: .init()).explain(image: image, target: target, model: model, seed: 0)
            let a = try model.featureMaps(image)
            var cam = [Float](repeating: 0, count: 64)
            for k in 0..<4 {
                for i in 0..<64 { cam[i] += model.fc[k, target] / 64 * a.scalars[k * 64 + i] }
            }
            cam = cam.map { max($0, 0) }
            let lo = cam.min()!, hi = cam.map { $0 - lo }.max()!
            let expected = cam.map { ($0 - lo) / (1e-7 + hi) }
            #expect(heatmap.height == 8 && heatmap.width == 8)
            expectClose(heatmap.values.map(Double.init), expected.map(Double.init), rtol: 1e-4, atol: 1e-5, "grad-cam target \(target)")
        }
    }

    @Test func gradCAMResizesToTheInputAndNamesBadLayers() throws {
        let model = GraphClassifier(size: 8)
        let heatmap = try GradCAMExplainer(parameters: .init()).explain(image: Self.image(seed: 1), target: 1, model: model, seed: 0)
        #expect(heatmap.values.count == 64)
        #expect(heatmap.values.allSatisfy { $0 >= 0 && $0 <= 1 })
        var parameters = GradCAMExplainer.Parameters()
        parameters.layer = "conv9"
        #expect(throws: ExplainerError.unknownLayer(method: "grad-cam", layer: "conv9", available: ["conv"])) {
            try GradCAMExplainer(parameters: parameters).explain(image: Self.image(seed: 1), target: 1, model: model, seed: 0)
        }
        #expect(throws: ExplainerError.target(method: "grad-cam", target: 9, classCount: 5)) {
            try GradCAMExplainer(parameters: .init()).explain(image: Self.image(seed: 1), target: 9, model: model, seed: 0)
        }
    }

    /// Guided Grad-CAM = Grad-CAM × max_c |guided input gradient|, min-max scaled; the input
    /// gradient comes from tapping the model's input.
    @Test func guidedGradCAMMultipliesTheCAMByTheGuidedInputGradient() throws {
        let model = GraphClassifier(size: 8)
        let image = Self.image(seed: 5)
        let cam = try GradCAMExplainer(parameters: .init()).explain(image: image, target: 2, model: model, seed: 0)
        let guided = try GuidedGradCAMExplainer(parameters: .init()).explain(image: image, target: 2, model: model, seed: 0)
        let pass = try model.forwardBackward(image, taps: ["x"], rectifierGradient: .guided) { logits in
            var s = Tensor.zeros(logits.shape); s.scalars[2] = 1; return s
        }
        let g = try #require(pass.gradients["x"])
        #expect(g.shape == [1, 3, 8, 8])
        let raw = (0..<64).map { i in cam.values[i] * (0..<3).map { abs(g.scalars[$0 * 64 + i]) }.max()! }
        let expected = try Heatmap(height: 8, width: 8, values: raw).minMaxNormalized()
        expectClose(guided.values.map(Double.init), expected.values.map(Double.init), rtol: 1e-5, atol: 1e-6, "guided grad-cam")
    }
}
