import Foundation
import INVCore

/// Where a run's files go under `Results/<name>/`:
///
/// ```
/// config.resolved.yaml   manifest.json (manifest.shard-I-of-N.json for a shard)   report.html
/// tables/                layers.{csv,md,tex} (thesis Table 4 per point), grid.{csv,md,tex}
/// points/<id>/point.json                      the point's assignments and resolved config
/// points/<id>/images/<stem>-<sha8>/           anv.json, anv.html, overlays — or error.json;
///                                             with metrics: inv.npy, inv.png, evaluation.json
/// baselines/<method>-<hash>/baseline.json     one baseline job (shared by the points that name it)
/// baselines/<method>-<hash>/images/<stem>-<sha8>/   heatmap.npy, overlay.png, evaluation.json — or error.json
/// cache/<sha256>.{logits,pass,batch}.f32       network passes and batches, with --disk-cache
/// ```
public struct ResultsLayout: Sendable {
    public let root: URL
    public init(root: URL) { self.root = root }

    public var resolvedConfig: URL { root.appendingPathComponent("config.resolved.yaml") }
    public var report: URL { root.appendingPathComponent("report.html") }
    public var tables: URL { root.appendingPathComponent("tables", isDirectory: true) }
    public var points: URL { root.appendingPathComponent("points", isDirectory: true) }
    public var baselines: URL { root.appendingPathComponent("baselines", isDirectory: true) }
    /// Labelled ANVs (`inv labels apply --anv DIR/points --out DIR/labelled`), mirroring `points/`.
    public var labelled: URL { root.appendingPathComponent(LabelsAndValidationSection.labelled, isDirectory: true) }
    /// Network passes kept by `--disk-cache` (see ``PassStore``).
    public var cache: URL { root.appendingPathComponent("cache", isDirectory: true) }

    public func manifest(shard: Shard?) -> URL {
        root.appendingPathComponent(shard.map { "manifest.shard-\($0.index)-of-\($0.count).json" } ?? "manifest.json")
    }
    public func point(_ id: String) -> URL { points.appendingPathComponent(id, isDirectory: true) }
    public func pointFile(_ id: String) -> URL { point(id).appendingPathComponent("point.json") }
    public func baseline(_ id: String) -> URL { baselines.appendingPathComponent(id, isDirectory: true) }
    public func baselineFile(_ id: String) -> URL { baseline(id).appendingPathComponent("baseline.json") }
    public func image(baseline id: String, image key: String) -> URL {
        baseline(id).appendingPathComponent("images", isDirectory: true).appendingPathComponent(key, isDirectory: true)
    }
    public func image(point id: String, image key: String) -> URL {
        point(id).appendingPathComponent("images", isDirectory: true).appendingPathComponent(key, isDirectory: true)
    }
}

/// `point.json`: what a point sets and its full config (read back by `inv results merge`).
public struct PointRecord: Codable, Sendable, Equatable {
    public var schema = "invkit.point/1"
    public var id: String
    public var assignments: [GridPoint.Assignment]
    public var config: ConfigValue
    public var images: [String]
    /// SHA-256 of the model file the point's results were made with: a re-run with a changed file
    /// at the same path must not resume into them.
    public var modelSHA256: String
}

/// `error.json`: why one image of one point failed; the run went on.
public struct FailureRecord: Codable, Sendable, Equatable {
    public var schema = "invkit.error/1"
    public var point: String
    public var image: String
    public var error: String
    public var time: String
}

/// Why a run refuses to start.
public enum RunnerError: Error, CustomStringConvertible, Equatable {
    case modelChanged(point: String, directory: String, was: String, now: String)

    public var description: String {
        switch self {
        case .modelChanged(let point, let directory, let was, let now):
            "point \(point) in \(directory) was run with a model file of SHA-256 \(was.prefix(12))…, but the file now has \(now.prefix(12))…; "
                + "resuming would mix results: choose another --out or delete that directory"
        }
    }
}
