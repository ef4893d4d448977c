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
