import Foundation

/// INVKit's version as recorded in manifests and shown by `inv --version`.
public enum INVKitVersion {
    public static let current = "0.1.0"
}

/// `manifest.json`: what produced a run's results — software, model and image hashes, seeds,
/// timings and host — so a table can be traced back to exactly what made it.
public struct Manifest: Codable, Sendable {
    public struct ModelRecord: Codable, Sendable, Equatable {
        public var name: String
        public var onnx: String
        public var sha256: String
    }
    public struct ImageRecord: Codable, Sendable, Equatable {
        public var path: String
        public var key: String
        public var sha256: String
    }
    public struct PointTiming: Codable, Sendable, Equatable {
        public var id: String
        public var label: String
        public var seed: UInt64
        /// Seconds spent on this point's items in this run (resumed items cost nothing).
        public var seconds: Double
    }

    public var schema = "invkit.manifest/1"
    public var invkitVersion = INVKitVersion.current
    /// `git rev-parse HEAD` of the working directory, when it is a git checkout.
    public var gitCommit: String?
    public var host: String
    public var shard: String?
    public var started: String
    public var finished: String
    public var seconds: Double
    public var models: [ModelRecord]
    public var images: [ImageRecord]
    public var points: [PointTiming]
    public var summary: Runner.Summary

    init(plan: RunPlan, shard: Shard?, started: Date, finished: Date, pointSeconds: [String: Double], summary: Runner.Summary) {
        let format = ISO8601DateFormatter()
        gitCommit = Self.gitCommit()
        host = ProcessInfo.processInfo.hostName
        self.shard = shard?.description
        self.started = format.string(from: started)
        self.finished = format.string(from: finished)
        seconds = finished.timeIntervalSince(started)
        models = plan.models.keys.sorted().map { name in
            let m = plan.models[name]!
            return ModelRecord(name: name, onnx: m.classifier.onnxURL.path, sha256: m.sha256)
        }
        var seen: Set<String> = []
        images = plan.points.flatMap(\.images).filter { seen.insert($0.key).inserted }
            .map { ImageRecord(path: $0.url.path, key: $0.key, sha256: $0.sha256) }
        points = plan.points.map {
            PointTiming(id: $0.point.id, label: $0.point.label, seed: $0.point.config.seed, seconds: pointSeconds[$0.point.id] ?? 0)
        }
        self.summary = summary
    }

    static func gitCommit() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
