import Foundation
import INVCore
import INVEngine

/// One explainer's heatmap for one image and its score under every metric. Encodes as
/// `{method, seconds, scores}` (write the heatmap itself with ``NPYFile``).
public struct MethodEvaluation: Encodable, Sendable {
    public var method: String
    public var heatmap: Heatmap
    /// By metric name (see ``BaselineEvaluation/metricNames``), each with its curve where it has one.
    public var scores: [String: MetricResult]

    enum CodingKeys: String, CodingKey { case method, seconds, scores }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(method, forKey: .method)
        try c.encode(heatmap.seconds, forKey: .seconds)
        try c.encode(scores, forKey: .scores)
    }
}

/// Explains one image with several methods and scores every heatmap with every metric, so one
/// table compares INV with the baselines (issue 5). Explainers and metrics come from the registries
/// the composition root passes in.
public struct BaselineEvaluation: Sendable {
    public var explainers: [any Explainer]
    public var metrics: [any Metric]

    public init(explainers: [any Explainer], metrics: [any Metric]) {
        self.explainers = explainers
        self.metrics = metrics
    }

    public var metricNames: [String] { metrics.map { type(of: $0).name } }

    /// - Parameters:
    ///   - image: one preprocessed image `[1, C, H, W]`.
    ///   - target: the class to explain; nil = the class predicted on the image.
    ///   - progress: hears each method's samples and each (method, metric) pair as it finishes.
    public func evaluate(image: Tensor, target: Int?, model: any ClassifierModel, seed: UInt64,
                         progress: ProgressReporter = .silent) throws -> [MethodEvaluation] {
        let probabilities = try model.probabilities(image)[0]
        let chosen = target ?? (probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0)
        return try explainers.map { explainer in
            let heatmap = try explainer.explain(image: image, target: chosen, model: model, seed: seed, progress: progress)
            // A cluster metric (cluster-effect) scores INV's cluster maps; the other methods skip it.
            let inv = explainer as? INVExplainer
            let clusters = try inv.flatMap { inv in
                try metrics.contains { type(of: $0).scoresClusters } ? inv.clusterMaps(image: image, target: chosen, model: model, seed: seed) : nil
            }
            let input = MetricInput(image: image, target: chosen, heatmap: heatmap, model: model, clusters: clusters)
            var scores: [String: MetricResult] = [:]
            for (done, metric) in metrics.enumerated() {
                if metric.applies(to: input) { scores[type(of: metric).name] = try metric.score(input) }
                progress.report(task: "\(explainer.methodName) metrics", done: done + 1, total: metrics.count, unit: "metrics")
            }
            return MethodEvaluation(method: explainer.methodName, heatmap: heatmap, scores: scores)
        }
    }

    /// A method × metric text table; the header marks each metric's better direction (↑ / ↓).
    public func table(_ rows: [MethodEvaluation]) -> String {
        let names = metricNames
        let header = ["method"] + metrics.map { "\(type(of: $0).name) \(type(of: $0).direction == .higherIsBetter ? "↑" : "↓")" }
        let body = rows.map { row in [row.method] + names.map { row.scores[$0].map { String(format: "%.4f", $0.value) } ?? "–" } }
        let widths = header.indices.map { i in ([header] + body).map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        return ([line(header)] + body.map(line)).joined(separator: "\n")
    }
}
