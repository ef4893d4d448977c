import INVEngine

/// The inputs of a Grad-CAM-family weighting for one image and one layer.
public struct WeightingContext: Sendable {
    /// Feature maps `A` of the layer, `[C, H, W]`, after the layer's activation.
    public var activations: Tensor
    /// `∂y_c/∂A`, `[C, H, W]`: gradients of the target class' pre-softmax logit `y_c`.
    public var gradients: Tensor
    /// For forward-only weightings (Score-CAM): the target logit of the model on the input image
    /// multiplied by each mask. Masks come as `[K, H, W]` at the layer's resolution with values in
    /// [0, 1]; the callee upsamples them to the input and runs the model in batches.
    public var scoreMaskedInputs: (@Sendable (Tensor) throws -> [Float])?

    public init(activations: Tensor, gradients: Tensor, scoreMaskedInputs: (@Sendable (Tensor) throws -> [Float])? = nil) {
        self.activations = activations
        self.gradients = gradients
        self.scoreMaskedInputs = scoreMaskedInputs
    }

    public var channels: Int { activations.shape[0] }
    public var pixelsPerMap: Int { activations.count / max(channels, 1) }
}

/// Per-channel weights `w_k` of a layer's feature maps for one target class (thesis §3.3.1,
/// Grad-CAM Eq. 2.1 and its variants).
public protocol ChannelWeighting: Plugin {
    /// One weight per channel.
    func weights(_ context: WeightingContext) throws -> [Float]
}

extension WeightingContext {
    /// `Σ_ij f(A_kij, G_kij)` for every channel k, or its mean when `mean` is true.
    public func perChannel(mean: Bool, _ f: (Float, Float) -> Float) -> [Float] {
        let n = pixelsPerMap
        return activations.scalars.withUnsafeBufferPointer { a in
            gradients.scalars.withUnsafeBufferPointer { g in
                (0..<channels).map { k in
                    var s: Float = 0
                    for i in (k * n)..<((k + 1) * n) { s += f(a[i], g[i]) }
                    return mean ? s / Float(n) : s
                }
            }
        }
    }
}
