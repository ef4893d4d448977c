import INVCore

/// `grad-cam`: Selvaraju et al. 2017, Eq. 1 — the global-average-pooled gradient,
/// `w_k = 1/Z Σ_ij ∂y_c/∂A^k_ij`.
public struct GradCAMWeighting: ChannelWeighting {
    public typealias Parameters = NoParameters
    public static let name = "grad-cam"
    public static let summary = "Grad-CAM (Selvaraju et al. 2017, Eq. 1): mean of the gradients over each map."
    public init(parameters: Parameters) {}

    public func weights(_ context: WeightingContext) throws -> [Float] {
        context.perChannel(mean: true) { _, g in g }
    }
}

/// `grad-cam-plus`: the mean of the positive gradients only, `w_k = 1/Z Σ_ij ReLU(∂y_c/∂A^k_ij)`
/// (the positive-gradient variant discussed by Lerma & Lucas 2022 and Chattopadhyay et al. 2018).
public struct PositiveGradCAMWeighting: ChannelWeighting {
    public typealias Parameters = NoParameters
    public static let name = "grad-cam-plus"
    public static let summary = "Mean of the positive gradients over each map (Lerma & Lucas 2022)."
    public init(parameters: Parameters) {}

    public func weights(_ context: WeightingContext) throws -> [Float] {
        context.perChannel(mean: true) { _, g in max(g, 0) }
    }
}

/// `guided`: the thesis' choice (§3.3.1) — gradients zeroed where the gradient ≤ 0 or the
/// activation ≤ 0 (guided ReLU, Selvaraju et al. 2017 §3), then averaged over each map.
public struct GuidedGradCAMWeighting: ChannelWeighting {
    public typealias Parameters = NoParameters
    public static let name = "guided"
    public static let summary = "Thesis §3.3.1: Grad-CAM with guided gradients (zero where gradient ≤ 0 or activation ≤ 0), then the mean."
    public init(parameters: Parameters) {}

    public func weights(_ context: WeightingContext) throws -> [Float] {
        context.perChannel(mean: true) { a, g in a > 0 && g > 0 ? g : 0 }
    }
}
