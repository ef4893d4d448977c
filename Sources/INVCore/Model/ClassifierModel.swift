import INVEngine

/// An image classifier as the explanation methods see it: batched logits, and one
/// forward + backward pass with named taps. `INVModels` provides it for ONNX files.
public protocol ClassifierModel: Sendable {
    /// Name of the graph input: tapping it in ``forwardBackward(_:taps:rectifierGradient:seed:)``
    /// gives the gradient with respect to the input image (guided backpropagation, saliency).
    var inputName: String { get }
    /// Input shape of one image, `[C, H, W]`, in the model's normalised input space.
    var inputShape: [Int] { get }
    /// Number of classes (length of the logits).
    var classCount: Int { get }
    /// The layers that can be tapped (conv outputs after their activation, where known), in graph order.
    var layers: [LayerInfo] { get }

    /// Pre-softmax logits `[B, classCount]` for a batch `[B, C, H, W]`.
    func logits(_ batch: Tensor) throws -> Tensor

    /// One forward and one backward pass on a single image `[1, C, H, W]`: the logits, and the
    /// activations and gradients of every tapped layer for the backward seed `seed(logits)`.
    func forwardBackward(_ image: Tensor, taps: [String], rectifierGradient: RectifierGradient,
                         seed: (Tensor) throws -> Tensor) throws -> GraphPass

    /// The logits `[B, classCount]` and the gradient with respect to the input `[B, C, H, W]` of a
    /// batch of independent images, for the backward seed `seed(logits)`, with the true rectifier
    /// derivative: what I-GOS's integrated gradients need for many path images at once. Row `b` of
    /// the seed must depend only on row `b` of the logits (the default implementation calls `seed`
    /// once per image, on `[1, classCount]`). Never served from a cache of passes: the images are
    /// perturbed copies that a pass cache would only churn through.
    func inputGradients(_ batch: Tensor, seed: (Tensor) throws -> Tensor) throws -> (logits: Tensor, gradients: Tensor)
}

extension ClassifierModel {
    /// Image by image through ``forwardBackward(_:taps:rectifierGradient:seed:)`` tapping the input.
    public func inputGradients(_ batch: Tensor, seed: (Tensor) throws -> Tensor) throws -> (logits: Tensor, gradients: Tensor) {
        let count = batch.shape.first ?? 0, per = inputShape.elementCount
        var logits: [Float] = [], gradients: [Float] = []
        gradients.reserveCapacity(count * per)
        for b in 0..<count {
            let image = Tensor(shape: [1] + inputShape, scalars: Array(batch.scalars[(b * per)..<((b + 1) * per)]))
            let pass = try forwardBackward(image, taps: [inputName], rectifierGradient: .standard, seed: seed)
            guard let g = pass.gradients[inputName] else { throw ExplainerError.missingTap(method: "input gradients", tensor: inputName) }
            logits += pass.output.scalars
            gradients += g.scalars
        }
        return (Tensor(shape: [count, classCount], scalars: logits), Tensor(shape: batch.shape, scalars: gradients))
    }
}

/// A tappable layer: its name (the tensor to tap), the conv node it belongs to and its shape.
public struct LayerInfo: Sendable, Equatable, Codable {
    public var name: String
    public var node: String
    /// `[C, H, W]` for one image.
    public var shape: [Int]
    public init(name: String, node: String, shape: [Int]) {
        self.name = name
        self.node = node
        self.shape = shape
    }
}
