import Foundation
import INVCore
import INVModels

/// `evaluation.json`: one explainer's heatmap for one image, scored by every metric of the run —
/// written for INV beside each point's `anv.json`, and for each baseline under `baselines/`.
public struct MethodRecord: Codable, Sendable, Equatable {
    public var schema = "invkit.method/1"
    /// The explainer's registry name (`inv`, `grad-cam`, `lime`, …).
    public var method: String
    /// The explainer's spec with every parameter stated (for INV: the explained layer).
    public var spec: PluginSpec
    /// The explained class (the model's prediction for `target: predicted`).
    public var target: Int
    /// Seconds the explainer spent on the heatmap.
    public var seconds: Double
    /// By metric name, each with its curve where it has one (deletion, insertion).
    public var scores: [String: MetricResult]
    /// By metric name: which direction is better, so tables read from disk can mark the best method.
    public var better: [String: Direction]
    /// The metric names in the config's order (the table's column order).
    public var metrics: [String]
    /// For a ``StructuredExplainer`` (igos, igos++, sag): true when its time limit stopped it early
    /// (the heatmap and files are valid but incomplete); nil for other explainers.
    public var partial: Bool?
    /// For a ``StructuredExplainer``: the files it wrote beside the heatmap (`sag.json`, `sag.svg`,
    /// `igos.json`, …), in its order; nil for other explainers.
    public var files: [String]?

    public init(method: String, spec: PluginSpec, target: Int, seconds: Double, scores: [String: MetricResult],
                better: [String: Direction], metrics: [String], partial: Bool? = nil, files: [String]? = nil) {
        self.method = method
        self.spec = spec
        self.target = target
        self.seconds = seconds
        self.scores = scores
        self.better = better
        self.metrics = metrics
        self.partial = partial
        self.files = files
    }
}

/// `baselines/<id>/baseline.json`: what one baseline job runs. A job is shared by every grid point
/// whose config gives it the same explainer spec, metrics, seed, target and model, so a grid over
/// INV settings explains each image with each baseline once.
public struct BaselineRecord: Codable, Sendable, Equatable {
    public var schema = "invkit.baseline/1"
    /// `<method>-<12 hex digits of the SHA-256 of the other fields>`.
    public var id: String
    public var spec: PluginSpec
    public var metrics: [PluginSpec]
    public var seed: UInt64
    public var target: TargetSpec
    public var modelSHA256: String
    /// Image keys (`<stem>-<sha8>`), as under `points/<id>/images/`.
    public var images: [String]

    public init(spec: PluginSpec, metrics: [PluginSpec], seed: UInt64, target: TargetSpec, modelSHA256: String, images: [String]) throws {
        self.spec = spec
        self.metrics = metrics
        self.seed = seed
        self.target = target
        self.modelSHA256 = modelSHA256
        self.images = images
        struct Identity: Encodable {
            var spec: PluginSpec, metrics: [PluginSpec], seed: UInt64, target: TargetSpec, model: String
        }
        let identity = try ConfigValue(encoding: Identity(spec: spec, metrics: metrics, seed: seed, target: target, model: modelSHA256))
        id = "\(spec.plugin)-\(SHA256.hexDigest(of: try GridPoint.canonicalJSON(identity)).prefix(12))"
    }
}
