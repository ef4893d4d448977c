import Foundation
import INVCore
import INVEngine
import INVImaging
import INVPipeline

/// Runs a ``RunPlan``: for each work item (point, image) of the shard, the ANV written atomically
/// into the point's image folder; completed items are skipped (resume), failures are recorded in
/// `error.json` and the run goes on. Progress goes to `log`, one line per item.
public struct Runner: Sendable {
    public var plan: RunPlan
    public var layout: ResultsLayout
    public var plugins: RunnerPlugins
    public var shard: Shard?
    /// Keep network passes on disk under `cache/` (float32; see ``PassStore``) for later runs and other shards.
    public var diskCache: Bool

    public init(plan: RunPlan, layout: ResultsLayout, plugins: RunnerPlugins, shard: Shard? = nil, diskCache: Bool = false) {
        self.plan = plan
        self.layout = layout
        self.plugins = plugins
        self.shard = shard
        self.diskCache = diskCache
    }

    /// What a run did.
    public struct Summary: Codable, Sendable, Equatable {
        /// Items explained in this run, found complete from an earlier run, and failed.
        public var done = 0
        public var resumed = 0
        public var failed = 0
        /// Network passes run, served from memory, and read from the on-disk cache.
        public var networkPasses = 0
        public var cachedPasses = 0
        public var passesFromDisk = 0
    }

    /// Whether a job's folder holds a complete result: for INV, ``isComplete(_:)``; for a baseline,
    /// its `evaluation.json` (written last) decodes.
    static func isComplete(_ directory: URL, job: RunPlan.Job) -> Bool {
        switch job {
        case .inv: return isComplete(directory)
        case .baseline:
            guard let data = try? Data(contentsOf: directory.appendingPathComponent("evaluation.json")) else { return false }
            return (try? JSONDecoder().decode(MethodRecord.self, from: data)) != nil
        }
    }

    /// Whether an item's folder holds a complete result: `anv.json` decodes and `anv.html` (written last) exists.
    public static func isComplete(_ directory: URL) -> Bool {
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("anv.html").path),
              let data = try? Data(contentsOf: directory.appendingPathComponent("anv.json")) else { return false }
        return (try? JSONDecoder().decode(ANV.self, from: data)) != nil
    }

    /// Removes the temporary files a killed process left behind (``AtomicFile`` names them `.<name>.<pid>.<n>.tmp`).
    static func removeLeftoverTemporaries(in directory: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    /// - Parameters:
    ///   - log: one line per finished job (and the summary lines of `inv run`).
    ///   - progress: the jobs done, and the samples of perturbation explainers while they run.
    public func run(log: (String) -> Void, progress: ProgressReporter = .silent) throws -> Summary {
        let started = Date()
        if shard == nil {   // shards share these folders and may be writing in them right now
            Self.removeLeftoverTemporaries(in: layout.root)
            for p in plan.points { Self.removeLeftoverTemporaries(in: layout.point(p.point.id)) }
        }
        try AtomicFile.write(Data(try YAMLConversion.render(plan.experiment.resolved).utf8), to: layout.resolvedConfig)
        for p in plan.points {
            let sha = plan.models[p.model]!.sha256
            if let data = FileManager.default.contents(atPath: layout.pointFile(p.point.id).path),
               let earlier = try? JSONDecoder().decode(PointRecord.self, from: data), earlier.modelSHA256 != sha {
                throw RunnerError.modelChanged(point: p.point.id, directory: layout.root.path, was: earlier.modelSHA256, now: sha)
            }
        }
        for p in plan.points {
            try AtomicFile.writeJSON(PointRecord(id: p.point.id, assignments: p.point.assignments, config: p.point.resolved,
                                                 images: p.images.map(\.key), modelSHA256: plan.models[p.model]!.sha256),
                                     to: layout.pointFile(p.point.id))
        }
        let jobs = plan.jobs.filter { job in
            let (owner, image) = plan.subject(of: job)
            return shard.map { $0.contains(point: owner, image: image.key) } ?? true
        }
        var summary = Summary()
        var timings: [String: Double] = [:]
        let cached = plan.models.mapValues { model in
            CachingClassifier(model.classifier.classifier,
                              store: diskCache ? PassStore(directory: layout.cache, modelSHA256: model.sha256) : nil)
        }
        let reductions = ReductionCache()
        let explainers = try plan.points.map { p -> FeatureMapExplainer in
            let components = try INVComponents(settings: p.point.config.inv, weightings: plugins.weightings, numeric: plugins.numeric)
            return FeatureMapExplainer(model: cached[p.model]!,
                                       analysis: LayerAnalysis(components: components, settings: p.point.config.inv,
                                                               reductionCache: reductions))
        }
        let pointMetrics = try plan.points.map { try plugins.make(baselines: [], metrics: $0.point.config.metrics).metrics }
        let baselineMethods = try plan.baselines.map { b in
            (explainer: try plugins.explainers.make(b.record.spec), metrics: try plugins.make(baselines: [], metrics: b.record.metrics).metrics)
        }
        for b in plan.baselines { try AtomicFile.writeJSON(b.record, to: layout.baselineFile(b.record.id)) }
        var counter = Progress(jobs: jobs.map { job in
            let (owner, image) = plan.subject(of: job)
            if case .inv = job { return (owner, image.key, true) } else { return (owner, image.key, false) }
        }, started: started)
        var loaded: LoadedImage?
        for job in jobs {
            let (owner, image) = plan.subject(of: job)
            let directory = plan.directory(of: job, in: layout)
            let itemStart = Date()
            var outcome: String
            if Self.isComplete(directory, job: job) {
                summary.resumed += 1
                outcome = "already complete"
            } else {
                Self.removeLeftoverTemporaries(in: directory)
                do {
                    switch job {
                    case .inv(let item):
                        let p = plan.points[item.point]
                        outcome = try explain(p, image, into: directory, explainer: explainers[item.point], metrics: pointMetrics[item.point],
                                              model: cached[p.model]!, loaded: &loaded)
                    case .baseline(let item):
                        let b = plan.baselines[item.baseline]
                        outcome = try evaluate(b, image, into: directory, explainer: baselineMethods[item.baseline].explainer,
                                               metrics: baselineMethods[item.baseline].metrics, model: cached[b.model]!,
                                               loaded: &loaded, progress: progress.within("\(b.record.spec.plugin) \(image.key)"))
                    }
                    summary.done += 1
                } catch {
                    summary.failed += 1
                    outcome = "FAILED: \(error)"
                    try AtomicFile.writeJSON(FailureRecord(point: owner, image: image.url.path, error: "\(error)",
                                                           time: ISO8601DateFormatter().string(from: Date())),
                                             to: directory.appendingPathComponent("error.json"))
                }
                timings[owner, default: 0] += Date().timeIntervalSince(itemStart)
            }
            let step = counter.step(owner: owner, image: image.key, outcome: outcome, seconds: Date().timeIntervalSince(itemStart))
            log(step.line)
            progress.report(task: "run", done: counter.finished, total: counter.total, unit: "jobs · \(step.status)")
        }
        for model in cached.values {
            summary.networkPasses += model.statistics.misses
            summary.cachedPasses += model.statistics.memoryHits
            summary.passesFromDisk += model.statistics.diskHits
        }
        let manifest = Manifest(plan: plan, shard: shard, started: started, finished: Date(), pointSeconds: timings, summary: summary)
        try AtomicFile.writeJSON(manifest, to: layout.manifest(shard: shard))
        return summary
    }
}

extension Runner {
    /// Reads and preprocesses `image` for `model` unless it is the one already loaded.
    private func load(_ image: RunPlan.PlannedImage, model name: String, into loaded: inout LoadedImage?) throws {
        guard loaded?.url != image.url || loaded?.model != name else { return }
        let (input, shown) = try plan.models[name]!.classifier.preprocess(try Image(contentsOf: image.url))
        loaded = LoadedImage(url: image.url, model: name, input: input, shown: shown)
    }

    /// Runs one baseline on one image, scores its heatmap and writes `heatmap.npy`, `overlay.png`,
    /// a ``StructuredExplainer``'s files (`sag.json`, `sag.svg`, `igos.json`, …) and `evaluation.json`
    /// (last, marking the job complete: a resumed run never finds a complete job without its files).
    private func evaluate(_ b: RunPlan.PlannedBaseline, _ image: RunPlan.PlannedImage, into directory: URL, explainer: any Explainer,
                          metrics: [any Metric], model: CachingClassifier, loaded: inout LoadedImage?,
                          progress: ProgressReporter) throws -> String {
        try load(image, model: b.model, into: &loaded)
        let input = loaded!.input
        let target = try b.record.target.classIndex ?? MethodScoring.predictedClass(of: input, model: model)
        let heatmap: Heatmap
        var structure: (partial: Bool, files: [(name: String, data: Data)])?
        if let structured = explainer as? any StructuredExplainer {
            let result = try structured.explainStructure(image: input, target: target, model: model, seed: b.record.seed, progress: progress)
            (heatmap, structure) = (result.heatmap, (result.partial, try result.files(loaded!.shown)))
        } else {
            heatmap = try explainer.explain(image: input, target: target, model: model, seed: b.record.seed, progress: progress)
        }
        var record = try MethodScoring.score(heatmap, method: b.record.spec.plugin, spec: b.record.spec, image: input,
                                             target: target, metrics: metrics, model: model)
        if let structure {
            for file in structure.files { try AtomicFile.write(file.data, to: directory.appendingPathComponent(file.name)) }
            (record.partial, record.files) = (structure.partial, structure.files.map(\.name))
        }
        try MethodScoring.write(record, heatmap: heatmap, shown: loaded!.shown, name: "heatmap", overlay: "overlay", into: directory)
        return String(format: "done%@ (%.1f s)", structure?.partial == true ? ", partial" : "", heatmap.seconds)
    }

    /// The last image read and preprocessed, reused by the points that follow it.
    struct LoadedImage {
        var url: URL
        var model: String
        var input: Tensor
        var shown: Image
    }

    /// Explains one image for one point and writes its ANV files; returns the progress outcome.
    private func explain(_ p: RunPlan.PlannedPoint, _ image: RunPlan.PlannedImage, into directory: URL, explainer: FeatureMapExplainer,
                         metrics: [any Metric], model cached: CachingClassifier, loaded: inout LoadedImage?) throws -> String {
        let model = plan.models[p.model]!
        try load(image, model: p.model, into: &loaded)
        let before = cached.statistics
        let config = p.point.config
        let started = Date()
        let explanation = try explainer.explain(loaded!.input, layers: p.layers, target: config.target.classIndex, seed: config.seed)
        if !metrics.isEmpty, let last = explanation.layers.last {
            let input = loaded!.input
            let (height, width) = (input.shape[2], input.shape[3])
            let heatmap = try INVExplainer.heatmap(of: last, height: height, width: width, seconds: Date().timeIntervalSince(started))
            let record = try MethodScoring.score(heatmap, method: "inv", spec: PluginSpec("inv", ["layer": .string(last.layer)]),
                                                    image: input, target: explanation.target, metrics: metrics, model: cached,
                                                    clusters: try INVExplainer.clusterHeatmaps(of: last, height: height, width: width))
            try MethodScoring.write(record, heatmap: heatmap, shown: loaded!.shown, name: "inv", into: directory)
        }
        let anv = ANV(model: config.model, image: image.url.path, inputShape: model.classifier.classifier.inputShape,
                      explanation: explanation, classNames: model.classifier.classNames, seed: config.seed, settings: config.inv)
        try ANVRenderer(masks: config.inv.masks).write(anv, image: loaded!.shown, to: directory)
        try? FileManager.default.removeItem(at: directory.appendingPathComponent("error.json"))
        let after = cached.statistics
        return after.memoryHits > before.memoryHits ? "done (network pass from memory)"
            : after.diskHits > before.diskHits ? "done (network pass from disk)" : "done"
    }
}

/// Progress lines: `[7/24 jobs · images 1/3 · points 0/8 · ETA 1m05s] <point> <image>: done (2.1 s)`.
/// An image counts as done when all its jobs are, a point when all its images are (in this shard);
/// baseline jobs count toward jobs and images.
struct Progress {
    let total: Int
    let started: Date
    var finished = 0
    var remainingPerPoint: [String: Int] = [:]
    var remainingPerImage: [String: Int] = [:]

    init(jobs: [(owner: String, image: String, isPoint: Bool)], started: Date) {
        total = jobs.count
        self.started = started
        for job in jobs {
            if job.isPoint { remainingPerPoint[job.owner, default: 0] += 1 }
            remainingPerImage[job.image, default: 0] += 1
        }
    }

    /// Counts one finished job; returns its log line and the status (images, points, ETA).
    mutating func step(owner: String, image: String, outcome: String, seconds: Double) -> (line: String, status: String) {
        finished += 1
        if remainingPerPoint[owner] != nil { remainingPerPoint[owner]! -= 1 }
        remainingPerImage[image, default: 1] -= 1
        let points = "points \(remainingPerPoint.values.filter { $0 == 0 }.count)/\(remainingPerPoint.count)"
        let images = "images \(remainingPerImage.values.filter { $0 == 0 }.count)/\(remainingPerImage.count)"
        let elapsed = Date().timeIntervalSince(started)
        let eta = finished < total ? " · ETA " + Self.duration(elapsed / Double(finished) * Double(total - finished)) : ""
        let status = "\(images) · \(points)\(eta)"
        return ("[\(finished)/\(total) jobs · \(status)] \(owner) \(image): \(outcome) (\(String(format: "%.1f", seconds)) s)", status)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
