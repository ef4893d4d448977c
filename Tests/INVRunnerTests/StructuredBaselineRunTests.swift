import Foundation
import Testing
import INVCore
@testable import INVRunner

/// Structured explainers (sag, igos, igos++) as config baselines: their files land in each image's
/// folder before `evaluation.json`, `partial` is recorded, their heatmaps are scored in the methods
/// table, the report draws SAG's graph and summarises I-GOS, a re-run resumes without recomputing,
/// and they run on the runner's shared classifier (its disk cache of forward batches applies).
@Suite(.serialized) struct StructuredBaselineRunTests {
    /// Small enough for the 16 × 16 tiny model in a debug build: SAG on a 2 × 2 grid (the full set
    /// is always sufficient, so explanations exist), I-GOS with 2 iterations, iGOS++ stopped by its
    /// time limit after its first iteration.
    static let baselines = """
        baselines:
          - {plugin: sag, grid: 2, candidates: 4, max-patches: 4, explanations: 2, order: probability, blur-sigma: 4, blur-radius: 3}
          - {plugin: igos, mask-size: 4, iterations: 2, integration-steps: 3, blur-sigma: 4, blur-radius: 3}
          - {plugin: igos++, mask-size: 4, integration-steps: 3, blur-sigma: 4, blur-radius: 3, time-limit: 1.0e-9}
        metrics: [deletion]
        """

    static func modificationDate(_ url: URL) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)
    }

    @Test func filesAreWrittenReportedAndResumed() throws {
        let folder = TinyModel.temporaryFolder("structured")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try TinyModel.write(to: folder)
        let config = RunnerTests.config(files, extra: Self.baselines)
        let plan = try BaselineRunTests.plan(config, folder: folder)
        #expect(plan.baselines.map(\.record.spec.plugin) == ["sag", "igos", "igos++"])
        let layout = ResultsLayout(root: folder.appendingPathComponent("out"))
        let summary = try Runner(plan: plan, layout: layout, plugins: evaluationPlugins).run { _ in }
        #expect(summary.done == plan.jobs.count && summary.failed == 0)

        let expected = ["sag": (["sag.json", "sag.svg"], false), "igos": (["igos.json"], false), "igos++": (["igos++.json"], true)]
        let results = try ResultsCollection.read(layout)
        for b in results.baselines {
            let (names, partial) = try #require(expected[b.record.spec.plugin])
            #expect(b.images.count == 2 && b.pending == 0)
            for image in b.images {
                let record = try #require(image.evaluation, "\(b.record.spec.plugin) \(image.key): \(image.failure?.error ?? "pending")")
                #expect(record.files == names && record.partial == partial, "\(b.record.spec.plugin) \(image.key)")
                for name in names {
                    #expect(FileManager.default.fileExists(atPath: layout.image(baseline: b.record.id, image: image.key).appendingPathComponent(name).path))
                }
            }
        }
        let sag = try #require(results.baselines.first { $0.record.spec.plugin == "sag" })
        let sagFolder = layout.image(baseline: sag.record.id, image: sag.record.images[0])
        let sagJSON = try Data(contentsOf: sagFolder.appendingPathComponent("sag.json"))
        guard case .graph(let graph) = try StructuredFileSummary.read(sagJSON, path: "sag.json") else {
            Issue.record("sag.json is not read as a graph")
            return
        }
        #expect(!graph.explanations.isEmpty && !graph.partial)

        let table = try #require(results.methodTable())
        #expect(table.columns == ["Method", "deletion ↓", "Images", "Partial"])
        let rows = Dictionary(uniqueKeysWithValues: table.rows.map { row -> (String, [ResultTable.Cell]) in
            guard case .text(let name) = row[0] else { return ("", row) }
            return (name, row)
        })
        for (method, partial) in [("sag", "0"), ("igos", "0"), ("igos++", "2")] {
            let row = try #require(rows[method], "\(method) has a row in the methods table")
            guard case .estimate(let deletion) = row[1], case .text(let images) = row[2], case .text(let cut) = row[3] else {
                Issue.record("\(method): unexpected cells \(row)")
                continue
            }
            #expect(deletion.mean.isFinite && images == "2" && cut == partial, "\(method)")
        }

        try ResultsWriter.write(layout)
        let report = try String(contentsOf: layout.report, encoding: .utf8)
        let svg = try Data(contentsOf: sagFolder.appendingPathComponent("sag.svg"))
        #expect(report.contains("data:image/svg+xml;base64,\(svg.base64EncodedString())"), "the report embeds sag.svg")
        #expect(report.contains("<b>sag</b> graph (<a href=\"baselines/\(sag.record.id)/images/\(sag.record.images[0])/sag.svg\">sag.svg</a>)"))
        #expect(report.contains("igos.json</a>: 2/2 iterations, completed; score "))
        #expect(report.contains("igos++.json</a>: 1/20 iterations, partial (time-limit)"))
        #expect(report.contains("<b>partial</b> (time limit)"))

        // Resume: every job complete, nothing rewritten.
        let evaluation = sagFolder.appendingPathComponent("evaluation.json")
        let stamps = try [sagFolder.appendingPathComponent("sag.svg"), evaluation].map(Self.modificationDate)
        let again = try Runner(plan: try BaselineRunTests.plan(config, folder: folder), layout: layout, plugins: evaluationPlugins).run { _ in }
        #expect(again.done == 0 && again.resumed == plan.jobs.count)
        #expect(try [sagFolder.appendingPathComponent("sag.svg"), evaluation].map(Self.modificationDate) == stamps)

        // A run killed after the files but before evaluation.json redoes that job only, with the same files.
        try FileManager.default.removeItem(at: evaluation)
        let redone = try Runner(plan: try BaselineRunTests.plan(config, folder: folder), layout: layout, plugins: evaluationPlugins).run { _ in }
        #expect(redone.done == 1 && redone.resumed == plan.jobs.count - 1)
        #expect(try Data(contentsOf: sagFolder.appendingPathComponent("sag.svg")) == svg, "seeded: the same graph again")
        #expect(FileManager.default.fileExists(atPath: evaluation.path))

        // A structured file that no longer decodes is named in the report, not hidden.
        let igos = try #require(results.baselines.first { $0.record.spec.plugin == "igos" })
        try Data("{}".utf8).write(to: layout.image(baseline: igos.record.id, image: igos.record.images[0]).appendingPathComponent("igos.json"))
        try ResultsWriter.write(layout)
        let rebuilt = try String(contentsOf: layout.report, encoding: .utf8)
        #expect(rebuilt.contains("<span class=\"failed\"><a href=\"baselines/\(igos.record.id)/images/\(igos.record.images[0])/igos.json\">igos.json</a>: cannot read"))
    }

    /// Files in the run's `cache/` of one kind (`pass`, `batch`, `logits`) with their modification dates.
    static func cached(_ kind: String, in layout: ResultsLayout) throws -> [String: Date] {
        let names = try FileManager.default.contentsOfDirectory(atPath: layout.cache.path).filter { $0.hasSuffix(".\(kind).f32") }
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try modificationDate(layout.cache.appendingPathComponent($0))) })
    }

    /// With `--disk-cache`, the structured explainers' forward batches (I-GOS's line search, SAG's
    /// patch sets) go to the shared classifier's store and a job run again reads every one of them
    /// back (no batch file is rewritten, the heatmap is the same); their input-gradient batches
    /// (I-GOS's noisy path images) add no pass files: the cache holds INV's and Grad-CAM's passes only.
    @Test func structuredExplainersUseTheRunnersSharedClassifier() throws {
        let folder = TinyModel.temporaryFolder("structured-cache")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try TinyModel.write(to: folder)
        let withoutStructured = ResultsLayout(root: folder.appendingPathComponent("reference"))
        let reference = RunnerTests.config(files, extra: "baselines: [grad-cam]\nmetrics: [deletion]")
        _ = try Runner(plan: try BaselineRunTests.plan(reference, folder: folder), layout: withoutStructured,
                       plugins: evaluationPlugins, diskCache: true).run { _ in }

        let config = RunnerTests.config(files, extra: Self.baselines.replacingOccurrences(of: "baselines:\n", with: "baselines:\n  - grad-cam\n"))
        let layout = ResultsLayout(root: folder.appendingPathComponent("out"))
        let plan = try BaselineRunTests.plan(config, folder: folder)
        let first = try Runner(plan: plan, layout: layout, plugins: evaluationPlugins, diskCache: true).run { _ in }
        #expect(first.failed == 0)
        #expect(try Set(Self.cached("pass", in: layout).keys) == Set(Self.cached("pass", in: withoutStructured).keys),
                "no pass file for an input-gradient batch")
        let batches = try Self.cached("batch", in: layout)
        #expect(batches.count > (try Self.cached("batch", in: withoutStructured).count), "the structured explainers' batches are kept")

        let results = try ResultsCollection.read(layout)
        let igos = try #require(results.baselines.first { $0.record.spec.plugin == "igos" })
        let igosFolder = layout.image(baseline: igos.record.id, image: igos.record.images[0])
        let heatmap = try Data(contentsOf: igosFolder.appendingPathComponent("heatmap.npy"))
        for b in results.baselines where ["sag", "igos", "igos++"].contains(b.record.spec.plugin) {
            for key in b.record.images {
                try FileManager.default.removeItem(at: layout.image(baseline: b.record.id, image: key).appendingPathComponent("evaluation.json"))
            }
        }
        let again = try Runner(plan: try BaselineRunTests.plan(config, folder: folder), layout: layout, plugins: evaluationPlugins,
                               diskCache: true).run { _ in }
        #expect(again.done == 6 && again.failed == 0)
        #expect(try Self.cached("batch", in: layout) == batches, "every batch read back, none run and rewritten")
        #expect(try Data(contentsOf: igosFolder.appendingPathComponent("heatmap.npy")) == heatmap)
    }
}
