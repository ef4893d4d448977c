import INVCore

/// `grad-cam-plusplus`: Chattopadhyay et al. 2018, Eq. 19 — with an exponential score
/// `S_c = exp(y_c)` the higher-order derivatives reduce to powers of the first gradient `g`:
///
///     α^k_ij = g² / (2 g² + Σ_ab A^k_ab · g³),   w_k = Σ_ij α^k_ij · ReLU(g_ij)
///
/// (α is 0 where g = 0), which is also pytorch-grad-cam's `GradCAMPlusPlus`.
public struct GradCAMPlusPlusWeighting: ChannelWeighting {
    public struct Parameters: Codable, Sendable, DefaultConstructible {
        /// Added to the denominator of α to avoid division by zero (pytorch-grad-cam uses 1e-7).
        public var epsilon: Float = 1e-7
        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case epsilon }
    }
    public static let name = "grad-cam-plusplus"
    public static let summary = "Grad-CAM++ (Chattopadhyay et al. 2018, Eq. 19), closed form with an exponential score."
    public static let parameterDocs = ["epsilon": "added to the denominator of alpha"]
    let epsilon: Float
    public init(parameters: Parameters) { epsilon = parameters.epsilon }

    public func weights(_ context: WeightingContext) throws -> [Float] {
        let sums = context.perChannel(mean: false) { a, _ in a }
        let n = context.pixelsPerMap
        return (0..<context.channels).map { k in
            var w: Float = 0
            for i in (k * n)..<((k + 1) * n) {
                let g = context.gradients.scalars[i]
                guard g != 0 else { continue }
                let g2 = g * g
                let alpha = g2 / (2 * g2 + sums[k] * g2 * g + epsilon)
                w += alpha * max(g, 0)
            }
            return w
        }
    }
}

/// `x-grad-cam`: Fu et al. 2020 (XGrad-CAM, Eq. 9) — gradients weighted by the normalised
/// activations, `w_k = Σ_ij (A^k_ij / Σ_ab A^k_ab) · ∂y_c/∂A^k_ij`.
public struct XGradCAMWeighting: ChannelWeighting {
    public struct Parameters: Codable, Sendable, DefaultConstructible {
        /// Added to Σ A to avoid division by zero (pytorch-grad-cam uses 1e-7).
        public var epsilon: Float = 1e-7
        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case epsilon }
    }
    public static let name = "x-grad-cam"
    public static let summary = "XGrad-CAM (Fu et al. 2020, Eq. 9): gradients weighted by normalised activations."
    public static let parameterDocs = ["epsilon": "added to the activation sum"]
    let epsilon: Float
    public init(parameters: Parameters) { epsilon = parameters.epsilon }

    public func weights(_ context: WeightingContext) throws -> [Float] {
        let sums = context.perChannel(mean: false) { a, _ in a }
        let raw = context.perChannel(mean: false) { a, g in a * g }
        return zip(raw, sums).map { $0 / ($1 + epsilon) }
    }
}
