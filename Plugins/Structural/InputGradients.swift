import Foundation
import INVCore
import INVEngine

/// The target's softmax probability and its gradient with respect to the input for many images,
/// `chunk` images per ``ClassifierModel/inputGradients(_:seed:)`` call of the model it is given —
/// the caller's (the runner's shared classifier, whose ONNX graphs per batch size are built once
/// per run), never a model of its own. The rows of the seed are independent, so each image's
/// gradient is the gradient of its own probability.
struct InputGradients: Sendable {
    let model: any ClassifierModel
    let chunk: Int

    init(model: any ClassifierModel, chunk: Int) {
        self.model = model
        self.chunk = max(chunk, 1)
    }

    /// `images` holds `count` images `[C, H, W]` back to back; returns one probability per image
    /// and the gradients laid out like `images`.
    func compute(images: [Float], count: Int, target: Int) throws -> (probabilities: [Float], gradients: [Float]) {
        let per = model.inputShape.elementCount
        var probabilities: [Float] = [], gradients: [Float] = []
        probabilities.reserveCapacity(count)
        gradients.reserveCapacity(count * per)
        for start in stride(from: 0, to: count, by: chunk) {
            let size = min(chunk, count - start)
            let batch = Tensor(shape: [size] + model.inputShape, scalars: Array(images[(start * per)..<((start + size) * per)]))
            let pass = try model.inputGradients(batch) { TargetGradient.softmaxSeed($0, target: target).seed }
            probabilities += TargetGradient.softmaxSeed(pass.logits, target: target).probabilities
            gradients += pass.gradients.scalars
        }
        return (probabilities, gradients)
    }
}
