import Foundation
import INVCore
import INVImaging
import INVPipeline
import INVRunner

/// Builds a study directory (``StudyLayout``) from a run's results: one panel per image and method,
/// the design and the code key, all written atomically (``AtomicFile``).
///
/// INV's panel is the image's ANV drawn by ``ANVPanel`` from `points/<point>/images/<key>/anv.json`
/// and its cluster overlays (from `labelled/<point>/images/<key>/` when `inv labels apply` wrote a
/// labelled ANV there: its top labels become the panel's legend); each baseline's is its heatmap
/// overlay `baselines/<job>/images/<key>/overlay.png`, letterboxed. Only images with a panel for every
/// method take part; the others are listed in ``Summary/skippedImages``.
public enum StimulusBuilder {
    public struct Summary: Sendable, Equatable {
        public var images: [String]
        public var skippedImages: [String]
        /// Images left out of the design because they do not fill a round of one image per method.
        public var unusedImages: [String]
        public var trials: Int
        public var codes: [String: String]
    }

    /// - Parameter force: rebuild over an existing study directory (its design.csv would change the pre-registered design).
    public static func build(_ config: StudyConfig, into layout: StudyLayout, force: Bool = false) throws -> Summary {
        if FileManager.default.fileExists(atPath: layout.design.path) && !force {
            throw StudyError.alreadyBuilt(layout.root.path)
        }
        let results = ResultsLayout(root: URL(fileURLWithPath: config.results))
        guard FileManager.default.fileExists(atPath: results.root.path) else { throw StudyError.noResults(config.results) }
        let collection = try ResultsCollection.read(results)
        let sources = try config.methods.map { try panelSource(for: $0, config: config, collection: collection, results: results) }
        let allImages = Set(sources.flatMap { $0.keys }).sorted()
        let images = allImages.filter { key in sources.allSatisfy { $0[key].map { FileManager.default.fileExists(atPath: $0.file.path) } ?? false } }
        let design = try StudyDesign(kind: config.design, methods: config.methods, images: images, participants: config.participants,
                                     seed: config.seed, attentionCheckEvery: config.attentionChecks?.every ?? 0)
        let codes = neutralCodes(for: config.methods, seed: config.seed)
        var predicted: [String: String] = [:]
        for p in collection.points { for i in p.images { if let anv = i.anv { predicted[i.key] = anv.predicted.label } } }

        var rows = ["image,method,code,panel,fragment,predicted,legend"]
        for image in images where !design.unusedImages.contains(image) {
            for (m, method) in config.methods.enumerated() {
                guard let source = sources[m][image] else { continue }
                let code = codes[method]!
                let (panel, legend) = try source.drawn(config)
                try AtomicFile.write(panel.encoded(.png), to: layout.panel(image: image, code: code))
                let fragment = Panel.htmlFragment(code: code, size: config.panelSize, methodName: config.showMethodNames ? method : nil, legend: legend)
                try AtomicFile.write(Data(fragment.utf8), to: layout.fragment(image: image, code: code))
                rows.append([image, method, code, "stimuli/\(image)/\(code).png", "stimuli/\(image)/\(code).html", predicted[image] ?? "", legend ?? ""]
                    .map(CSVText.field).joined(separator: ","))
            }
        }
        try AtomicFile.write(Data((rows.joined(separator: "\n") + "\n").utf8), to: layout.conditions)
        try AtomicFile.write(Data(design.csv().utf8), to: layout.design)
        try AtomicFile.writeJSON(config, to: layout.config)
        return Summary(images: images, skippedImages: allImages.filter { !images.contains($0) }, unusedImages: design.unusedImages,
                       trials: design.trials.count, codes: codes)
    }

    /// Where a panel is drawn from: an ANV (its `anv.json`, beside its overlays) or a heatmap overlay.
    enum PanelSource {
        case anv(URL)
        case overlay(URL)

        /// The file that must exist for the image to take part.
        var file: URL {
            switch self { case .anv(let url), .overlay(let url): url }
        }

        /// The panel and, for a labelled ANV, its legend.
        func drawn(_ config: StudyConfig) throws -> (Image, String?) {
            switch self {
            case .overlay(let url):
                return (try Panel.letterboxed(Image(contentsOf: url), size: config.panelSize), nil)
            case .anv(let url):
                let anv: ANV
                do { anv = try JSONDecoder().decode(ANV.self, from: Data(contentsOf: url)) } catch {
                    throw FileError.read(url.path, "expected an ANV (anv.json of `inv run`): \(error)")
                }
                return (try config.anv.render(anv, overlays: url.deletingLastPathComponent(), size: config.panelSize), config.anv.legend(anv))
            }
        }
    }

    /// Per image key, where the panel of `method` is drawn from.
    static func panelSource(for method: String, config: StudyConfig, collection: ResultsCollection, results: ResultsLayout) throws -> [String: PanelSource] {
        if method == "inv" {
            let points = collection.points.map(\.record.id)
            let chosen: String
            if let wanted = config.point {
                guard points.contains(wanted) else { throw StudyError.unknownPoint(wanted, available: points) }
                chosen = wanted
            } else {
                guard points.count == 1 else { throw StudyError.ambiguousPoint(available: points) }
                chosen = points[0]
            }
            let record = collection.points.first { $0.record.id == chosen }!.record
            return Dictionary(uniqueKeysWithValues: record.images.map { key in
                // `inv labels apply` mirrors the points' folders: labelled/<point>/images/<key>/.
                let labelledANV = results.labelled.appendingPathComponent(chosen).appendingPathComponent("images").appendingPathComponent(key)
                    .appendingPathComponent("anv.json")
                let anv = FileManager.default.fileExists(atPath: labelledANV.path) ? labelledANV
                    : results.image(point: chosen, image: key).appendingPathComponent("anv.json")
                return (key, PanelSource.anv(anv))
            })
        }
        let jobs = collection.baselines.filter { $0.record.spec.plugin == method }
        guard jobs.count == 1 else {
            throw StudyError.baselineNotUnique(method, jobs: jobs.map(\.record.id),
                                               available: Array(Set(collection.baselines.map(\.record.spec.plugin))).sorted() + ["inv"])
        }
        let job = jobs[0].record
        return Dictionary(uniqueKeysWithValues: job.images.map { ($0, .overlay(results.image(baseline: job.id, image: $0).appendingPathComponent("overlay.png"))) })
    }

    /// A seeded, neutral letter code per method ("A", "B", …, in a shuffled assignment), so neither the
    /// file names nor the captions reveal the method.
    public static func neutralCodes(for methods: [String], seed: UInt64) -> [String: String] {
        var random = SeededRandom(seed: seed ^ 0xC0DE)
        let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ").map(String.init)
        let shuffled = Array(letters.prefix(max(methods.count, 1))).shuffled(using: &random)
        return Dictionary(uniqueKeysWithValues: methods.enumerated().map { ($0.element, $0.offset < shuffled.count ? shuffled[$0.offset] : "M\($0.offset + 1)") })
    }
}

/// Why a study cannot be built or analysed.
public enum StudyError: Error, CustomStringConvertible, Equatable {
    case alreadyBuilt(String)
    case noResults(String)
    case unknownPoint(String, available: [String])
    case ambiguousPoint(available: [String])
    case baselineNotUnique(String, jobs: [String], available: [String])
    case notBuilt(String)
    /// A built study's files disagree (edited by hand?): the file (and line) and what was expected.
    case inconsistent(String, String)

    public var description: String {
        switch self {
        case .alreadyBuilt(let dir): "\(dir) already holds a built study (design.csv); pass --force to rebuild it and change its design"
        case .noResults(let dir): "results: '\(dir)' does not exist; run `inv run` first or fix the path"
        case .unknownPoint(let p, let available): "point: '\(p)' is not a point of the run; available: \(available.joined(separator: ", "))"
        case .ambiguousPoint(let available):
            available.isEmpty ? "methods: 'inv' needs a run with INV results, the run has no points"
                : "methods: the run has \(available.count) points; choose INV's with 'point:' (one of \(available.joined(separator: ", ")))"
        case .baselineNotUnique(let m, let jobs, let available):
            jobs.isEmpty ? "methods: the run has no baseline '\(m)'; available: \(available.joined(separator: ", ")).\(didYouMean(m, among: available))"
                : "methods: the run has \(jobs.count) '\(m)' baseline jobs (\(jobs.joined(separator: ", "))); a study compares one per method"
        case .notBuilt(let dir): "\(dir) is not a built study (no study.json); run `inv study build` first"
        case .inconsistent(let place, let message): "\(place): \(message)"
        }
    }
}
