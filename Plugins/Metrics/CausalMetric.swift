import INVCore
import INVEngine

/// The causal metrics of RISE (Petsiuk et al. 2018 §4.1, the authors' `evaluation.py`
/// `CausalMetric.single_run`): pixels are taken in order of decreasing saliency, `step` at a
/// time, and copied from the `finish` image into the `start` image; after each step the softmax
/// probability of the class predicted on the clean image is recorded. The score is the area under
/// that curve, `AUC = (Σ s − s₀/2 − s_n/2) / n` over the `n + 1` scores.
///
/// Ties in saliency take the larger pixel index first (NumPy's `flip(argsort(·))` with a stable sort).
struct CausalCurve {
    var step: Int
    var batchSize: Int

    /// The `⌈HW / step⌉ + 1` scores, from the start image to the finish image.
    func scores(input: MetricInput, start: [Float], finish: [Float]) throws -> [Double] {
        let (channels, height, width) = (input.image.shape[1], input.image.shape[2], input.image.shape[3])
        let plane = height * width
        let steps = (plane + step - 1) / step
        let predicted = try input.model.probabilities(input.image)[0]
        let target = predicted.indices.max { predicted[$0] < predicted[$1] } ?? 0
        let order = Self.salientOrder(input.heatmap.values)
        var rank = [Int](repeating: 0, count: plane)
        for (position, pixel) in order.enumerated() { rank[pixel] = position }
        let probabilities = try input.model.targetProbabilities(count: steps + 1, target: target, batchSize: batchSize) { i, out in
            let changed = i * step
            for c in 0..<channels {
                for p in 0..<plane {
                    out[c * plane + p] = rank[p] < changed ? finish[c * plane + p] : start[c * plane + p]
                }
            }
        }
        return probabilities.map(Double.init)
    }

    /// Pixel indices by decreasing saliency; equal values: larger index first.
    static func salientOrder(_ saliency: [Float]) -> [Int] {
        saliency.indices.sorted { saliency[$0] != saliency[$1] ? saliency[$0] > saliency[$1] : $0 > $1 }
    }

    /// RISE's `auc`: the trapezoidal area under equally spaced scores on [0, 1].
    static func area(_ scores: [Double]) -> Double {
        guard scores.count > 1 else { return scores.first ?? 0 }
        return (scores.reduce(0, +) - scores[0] / 2 - scores[scores.count - 1] / 2) / Double(scores.count - 1)
    }
}

/// Parameters shared by `deletion` and `insertion`.
public struct CausalParameters: Codable, Sendable, DefaultConstructible {
    /// Pixels changed per step (RISE: 224 for a 224 × 224 input, i.e. 225 scores).
    public var step = 224
    public var batchSize = 32
    public init() {}
    enum CodingKeys: String, CodingKey, CaseIterable { case step, batchSize = "batch-size" }

    func curve(metric: String) throws -> CausalCurve {
        guard step > 0, batchSize > 0 else { throw ConfigError(path: metric, message: "expected step and batch-size ≥ 1") }
        return CausalCurve(step: step, batchSize: batchSize)
    }
}

let causalDocs = ["step": "pixels changed per step (RISE: 224)", "batch-size": "perturbed images per model call"]

/// `deletion`: RISE's deletion metric — the most salient pixels first replaced by zeros in the
/// model's normalised input space; a faithful map makes the probability fall fast (lower is better).
public struct DeletionMetric: Metric {
    public typealias Parameters = CausalParameters
    public static let name = "deletion"
    public static let summary = "Deletion AUC (Petsiuk et al. 2018): most salient pixels set to 0 first; lower is better."
    public static let parameterDocs = causalDocs
    public static let direction = Direction.lowerIsBetter
    let curve: CausalCurve
    public init(parameters: Parameters) throws { curve = try parameters.curve(metric: Self.name) }

    public func score(_ input: MetricInput) throws -> MetricResult {
        let input = try input.validated(metric: Self.name)
        let scores = try curve.scores(input: input, start: input.image.scalars,
                                      finish: [Float](repeating: 0, count: input.image.count))
        return MetricResult(value: CausalCurve.area(scores), curve: scores)
    }
}

/// `insertion`: RISE's insertion metric — starting from the image blurred by RISE's 11 × 11,
/// σ = 5 kernel (zero padding), the most salient original pixels are inserted first; a faithful
/// map makes the probability rise fast (higher is better).
public struct InsertionMetric: Metric {
    public typealias Parameters = CausalParameters
    public static let name = "insertion"
    public static let summary = "Insertion AUC (Petsiuk et al. 2018): most salient pixels restored first into a blurred image; higher is better."
    public static let parameterDocs = causalDocs
    public static let direction = Direction.higherIsBetter
    let curve: CausalCurve
    public init(parameters: Parameters) throws { curve = try parameters.curve(metric: Self.name) }

    public func score(_ input: MetricInput) throws -> MetricResult {
        let input = try input.validated(metric: Self.name)
        let blurred = RISEBlur.apply(input.image)
        let scores = try curve.scores(input: input, start: blurred.scalars, finish: input.image.scalars)
        return MetricResult(value: CausalCurve.area(scores), curve: scores)
    }
}
