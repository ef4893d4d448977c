import INVCore

/// `sparseness`: the Gini index of the absolute heatmap (Chalasani et al. 2020; Quantus
/// `Sparseness`): with `a` = |values| + 1e-7 sorted ascending, `Σ_i (2i − n − 1) a_i / (n Σ a)`.
/// 0 for a uniform map, towards 1 when a few pixels hold all the saliency; higher is better.
public struct SparsenessMetric: Metric {
    public struct Parameters: Codable, Sendable, DefaultConstructible { public init() {} }
    public static let name = "sparseness"
    public static let summary = "Sparseness (Gini index of |map|, Chalasani et al. 2020, as Quantus); higher is better."
    public static let direction = Direction.higherIsBetter
    public init(parameters: Parameters) {}

    public func score(_ input: MetricInput) throws -> MetricResult {
        MetricResult(value: Self.gini(input.heatmap.values))
    }

    static func gini(_ values: [Float]) -> Double {
        let a = values.map { Double(abs($0)) + 1e-7 }.sorted()
        let n = Double(a.count)
        var weighted = 0.0
        for (i, v) in a.enumerated() { weighted += (2 * Double(i + 1) - n - 1) * v }
        return weighted / (n * a.reduce(0, +))
    }
}

/// `runtime`: the seconds the explainer reported for this heatmap; lower is better.
public struct RuntimeMetric: Metric {
    public struct Parameters: Codable, Sendable, DefaultConstructible { public init() {} }
    public static let name = "runtime"
    public static let summary = "Seconds the explainer spent on the heatmap (its own timing); lower is better."
    public static let direction = Direction.lowerIsBetter
    public init(parameters: Parameters) {}

    public func score(_ input: MetricInput) throws -> MetricResult {
        MetricResult(value: input.heatmap.seconds)
    }
}
