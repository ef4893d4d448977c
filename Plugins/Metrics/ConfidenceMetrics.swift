import INVCore
import INVEngine

/// The target's softmax probability on the clean image (`Y`) and on the image multiplied by the
/// explanation map min-max scaled to [0, 1] (`O`), as in Chattopadhyay et al. 2018 §6.1 (the
/// product is taken in the model's normalised input space, as pytorch-grad-cam does).
enum MaskedConfidence {
    static func pair(_ input: MetricInput) throws -> (clean: Double, masked: Double) {
        let map = input.heatmap.minMaxNormalized().values
        let (channels, plane) = (input.image.shape[1], map.count)
        var masked = input.image
        for c in 0..<channels {
            for p in 0..<plane { masked.scalars[c * plane + p] *= map[p] }
        }
        let both = Tensor(shape: [2] + Array(input.image.shape.dropFirst()), scalars: input.image.scalars + masked.scalars)
        let probabilities = try input.model.probabilities(both)
        return (Double(probabilities[0][input.target]), Double(probabilities[1][input.target]))
    }
}

/// `average-drop`: Chattopadhyay et al. 2018 Eq. 21 for one image, `100 · max(0, Y − O) / Y`
/// (average it over images for the paper's figure); lower is better.
public struct AverageDropMetric: Metric {
    public struct Parameters: Codable, Sendable, DefaultConstructible { public init() {} }
    public static let name = "average-drop"
    public static let summary = "Average drop % (Grad-CAM++, Chattopadhyay et al. 2018): 100·max(0, Y − O)/Y for the map-masked image; lower is better."
    public static let direction = Direction.lowerIsBetter
    public init(parameters: Parameters) {}

    public func score(_ input: MetricInput) throws -> MetricResult {
        let (y, o) = try MaskedConfidence.pair(try input.validated(metric: Self.name))
        return MetricResult(value: y > 0 ? 100 * max(0, y - o) / y : 0)
    }
}

/// `increase-in-confidence`: Chattopadhyay et al. 2018 Eq. 22 for one image: 1 when `O > Y`,
/// else 0 (the paper's percentage is 100 × the mean over images); higher is better.
public struct IncreaseInConfidenceMetric: Metric {
    public struct Parameters: Codable, Sendable, DefaultConstructible { public init() {} }
    public static let name = "increase-in-confidence"
    public static let summary = "Increase in confidence (Grad-CAM++): 1 if the map-masked image scores higher than the image; higher is better."
    public static let direction = Direction.higherIsBetter
    public init(parameters: Parameters) {}

    public func score(_ input: MetricInput) throws -> MetricResult {
        let (y, o) = try MaskedConfidence.pair(try input.validated(metric: Self.name))
        return MetricResult(value: o > y ? 1 : 0)
    }
}
