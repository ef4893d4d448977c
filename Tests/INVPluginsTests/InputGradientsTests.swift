import Foundation
import Testing
import INVCore
import INVEngine
import INVImaging
import INVModels
@testable import INVPlugins

/// The batched input gradients of I-GOS / iGOS++ on a real ONNX classifier equal the per-image ones:
/// a batch of one on the same classifier, and ``ClassifierModel``'s default implementation (one
/// `forwardBackward` per image) on a model that forwards only the protocol's other requirements.
@Suite struct InputGradientsTests {
    /// The wrapped model without its own `inputGradients`: the protocol's default applies.
    struct PerImageModel: ClassifierModel {
        let base: any ClassifierModel
        var inputName: String { base.inputName }
        var inputShape: [Int] { base.inputShape }
        var classCount: Int { base.classCount }
        var layers: [LayerInfo] { base.layers }
        func logits(_ batch: Tensor) throws -> Tensor { try base.logits(batch) }
        func forwardBackward(_ image: Tensor, taps: [String], rectifierGradient: RectifierGradient,
                             seed: (Tensor) throws -> Tensor) throws -> GraphPass {
            try base.forwardBackward(image, taps: taps, rectifierGradient: rectifierGradient, seed: seed)
        }
    }

    static let photo = ModelCache.standard().directory.appendingPathComponent("photos/chelsea.png")

    @Test func batchedGradientsEqualPerImageGradientsOnTheDefaultModel() throws {
        guard FileManager.default.fileExists(atPath: Self.photo.path) else {
            print("notice: \(Self.photo.path) is missing (run Scripts/fetch-photos.sh); skipping the batched-gradient test")
            return
        }
        let classifier = try ImageClassifier.load("efficientnet-lite0")
        let (input, _) = try classifier.preprocess(try Image(contentsOf: Self.photo))
        var random = SeededRandom(seed: 1)
        // Three different images: the photo with three levels of noise.
        let images = (0..<3).flatMap { k in input.scalars.map { $0 + Float(k) * 0.3 * Float(random.normal()) } }
        let model = classifier.classifier
        let target = 281
        let batched = try InputGradients(model: model, chunk: 3).compute(images: images, count: 3, target: target)
        let references: [(name: String, model: any ClassifierModel, chunk: Int)] = [("batches of one", model, 1),
                                                                                    ("per-image default", PerImageModel(base: model), 3)]
        for (name, reference, chunk) in references {
            let single = try InputGradients(model: reference, chunk: chunk).compute(images: images, count: 3, target: target)
            expectClose(batched.probabilities.map(Double.init), single.probabilities.map(Double.init), rtol: 1e-4, atol: 1e-6,
                        "probabilities, \(name)")
            let scale = Double(single.gradients.map(abs).max() ?? 1)
            expectClose(batched.gradients.map { Double($0) / scale }, single.gradients.map { Double($0) / scale },
                        rtol: 0, atol: 1e-4, "input gradients (relative to the largest), \(name)")
        }
        #expect(Set(batched.probabilities).count == 3, "the three images must differ: \(batched.probabilities)")
    }
}
