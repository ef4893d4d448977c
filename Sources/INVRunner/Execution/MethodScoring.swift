import Foundation
import INVCore
import INVEngine
import INVImaging

/// Scores one heatmap with a run's metrics and writes it beside its record: the float32 map
/// (`<name>.npy`, loads with `numpy.load`), an overlay on the image the model saw, and
/// `evaluation.json` last (its presence marks the job complete).
enum MethodScoring {
    /// The class the model predicts for `image` (`target: predicted`).
    static func predictedClass(of image: Tensor, model: any ClassifierModel) throws -> Int {
        let p = try model.probabilities(image)[0]
        return p.indices.max { p[$0] < p[$1] } ?? 0
    }

    /// Scores `heatmap` with every metric that applies: a cluster metric (`cluster-effect`) only
    /// when `clusters` are given (INV), and the record lists only the metrics it scored.
    static func score(_ heatmap: Heatmap, method: String, spec: PluginSpec, image: Tensor, target: Int,
                      metrics: [any Metric], model: any ClassifierModel,
                      clusters: [(weight: Double, heatmap: Heatmap)]? = nil) throws -> MethodRecord {
        var scores: [String: MetricResult] = [:]
        let input = MetricInput(image: image, target: target, heatmap: heatmap, model: model, clusters: clusters)
        let applied = metrics.filter { $0.applies(to: input) }
        for metric in applied {
            let name = type(of: metric).name
            do { scores[name] = try metric.score(input) } catch { throw MetricFailure(metric: name, method: method, underlying: error) }
        }
        return MethodRecord(method: method, spec: spec, target: target, seconds: heatmap.seconds, scores: scores,
                            better: Dictionary(uniqueKeysWithValues: applied.map { (type(of: $0).name, type(of: $0).direction) }),
                            metrics: applied.map { type(of: $0).name })
    }

    static func write(_ record: MethodRecord, heatmap: Heatmap, shown: Image, name: String, overlay: String? = nil,
                      into directory: URL) throws {
        try NPYFile.write(heatmap, to: directory.appendingPathComponent("\(name).npy"))
        let map = try FloatMap(width: heatmap.width, height: heatmap.height, values: heatmap.minMaxNormalized().values)
        try AtomicFile.write(try shown.overlaid(heatmap: map).encoded(.png), to: directory.appendingPathComponent("\(overlay ?? name).png"))
        try AtomicFile.writeJSON(record, to: directory.appendingPathComponent("evaluation.json"))
    }
}

/// A metric that failed on one method's heatmap (the job is recorded as failed; the run goes on).
struct MetricFailure: Error, CustomStringConvertible {
    var metric: String
    var method: String
    var underlying: Error
    var description: String { "metric '\(metric)' on the \(method) heatmap: \(underlying)" }
}
