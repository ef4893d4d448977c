import Foundation
import Testing
import INVCore
import INVModels
import INVPipeline
import INVPlugins
@testable import INVRunner

let evaluationPlugins = RunnerPlugins(weightings: .builtInWeightings, numeric: .builtIn,
                                      explainers: .builtInExplainers, metrics: .builtInMetrics)

/// Baselines and metrics in a run: baseline jobs shared by the grid's points, INV scored beside
/// them, the method × metric table and the report's comparison, resume.
@Suite(.serialized) struct BaselineRunTests {
    static let evaluation = """
        baselines: [grad-cam, {plugin: rise, masks: 24, batch-size: 8}]
        metrics: [deletion, insertion, sparseness]
        """

    static func plan(_ yaml: String, folder: URL) throws -> RunPlan {
        let experiment = try Experiment.load(yaml: yaml, source: "tiny.yaml", plugins: evaluationPlugins)
        return try RunPlan.make(experiment, expansion: PathExpansion(environment: [:], defaultCache: folder.path, base: folder)) {
            try ImageClassifier.load($0)
        }
    }

    @Test func baselinesRunOncePerImageAndAreScoredBesideINV() throws {
        let folder = TinyModel.temporaryFolder("baselines")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try TinyModel.write(to: folder)
        let config = RunnerTests.config(files, extra: Self.evaluation)
        let plan = try Self.plan(config, folder: folder)
        #expect(plan.points.count == 2)
        #expect(plan.baselines.map(\.record.spec.plugin) == ["grad-cam", "rise"], "the two points share each baseline job")
        #expect(plan.baselines[1].record.spec.parameters["probability"] == .double(0.5), "defaults are stated")
        #expect(plan.jobs.count == 8)
        let layout = ResultsLayout(root: folder.appendingPathComponent("out"))
        let summary = try Runner(plan: plan, layout: layout, plugins: evaluationPlugins).run { _ in }
        #expect(summary.done == 8 && summary.failed == 0)

        let results = try ResultsCollection.read(layout)
        #expect(results.points.allSatisfy { $0.images.allSatisfy { $0.evaluation?.metrics == ["deletion", "insertion", "sparseness"] } })
        #expect(results.baselines.count == 2 && results.baselines.allSatisfy { $0.images.count == 2 && $0.pending == 0 })
        let deletion = try #require(results.baselines[0].images[0].evaluation?.scores["deletion"])
        #expect(!deletion.curve.isEmpty && (0...1).contains(deletion.value))
        for b in results.baselines {
            for key in b.record.images {
                for file in ["heatmap.npy", "overlay.png", "evaluation.json"] {
                    #expect(FileManager.default.fileExists(atPath: layout.image(baseline: b.record.id, image: key).appendingPathComponent(file).path))
                }
            }
        }

        let table = try #require(results.methodTable())
        #expect(table.columns == ["Method", "deletion ↓", "insertion ↑", "sparseness ↑", "Images"])
        #expect(table.rows.map { row in if case .text(let name) = row[0] { name } else { "" } }
            == ["inv (inv.clusterer.linkage=average)", "inv (inv.clusterer.linkage=ward)", "grad-cam", "rise"])
        for column in 1...3 {
            let best = table.rows.filter { if case .estimate(let e) = $0[column] { e.best } else { false } }
            #expect(best.count >= 1, "column \(column) marks its best method")
        }
        try ResultsWriter.write(layout)
        let markdown = try String(contentsOf: layout.tables.appendingPathComponent("methods.md"), encoding: .utf8)
        #expect(markdown.contains("**") && markdown.contains(" ± ") && markdown.contains("["))
        let csv = try String(contentsOf: layout.tables.appendingPathComponent("methods.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("Method,deletion ↓ mean,deletion ↓ sd,deletion ↓ ci95 low,deletion ↓ ci95 high,deletion ↓ n,deletion ↓ best,"))
        let report = try String(contentsOf: layout.report, encoding: .utf8)
        #expect(report.contains("INV beside the baselines") && report.contains("<svg") && report.contains("/overlay.png") && report.contains("/inv.png"))

        // Resume: nothing to do. Without baselines, the INV points keep their ids (and results).
        let again = try Runner(plan: try Self.plan(config, folder: folder), layout: layout, plugins: evaluationPlugins).run { _ in }
        #expect(again.done == 0 && again.resumed == 8)
        let withoutBaselines = try Self.plan(config.replacingOccurrences(of: "baselines: [grad-cam, {plugin: rise, masks: 24, batch-size: 8}]", with: ""),
                                             folder: folder)
        #expect(withoutBaselines.points.map(\.point.id) == plan.points.map(\.point.id))
        #expect(withoutBaselines.baselines.isEmpty)
    }

    /// `metrics: [cluster-effect]` scores every point's INV clusters (one drop per cluster of the
    /// explained layer) and is skipped, not failed, for the baselines; the table shows its column.
    @Test func clusterEffectScoresINVsClustersAndSkipsTheBaselines() throws {
        let folder = TinyModel.temporaryFolder("cluster-effect")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try TinyModel.write(to: folder)
        let config = RunnerTests.config(files, extra: "baselines: [grad-cam]\nmetrics: [deletion, {plugin: cluster-effect, fraction: 0.1}]")
        let layout = ResultsLayout(root: folder.appendingPathComponent("out"))
        let summary = try Runner(plan: try Self.plan(config, folder: folder), layout: layout, plugins: evaluationPlugins).run { _ in }
        #expect(summary.failed == 0)

        let results = try ResultsCollection.read(layout)
        let anvs = try RunnerTests.results(layout.points)
        for p in results.points {
            for image in p.images {
                let record = try #require(image.evaluation)
                #expect(record.metrics == ["deletion", "cluster-effect"])
                let anv = try #require(anvs["\(p.record.id)/images/\(image.key)/anv.json"])
                let clusters = try #require(anv.layers.last?.clusters)
                let effect = try #require(record.scores["cluster-effect"])
                #expect(effect.perCluster?.count == clusters.count)
                #expect(effect.value.isNaN == (clusters.count < 2), "ρ is defined from two clusters on")
            }
        }
        #expect(results.baselines.allSatisfy { $0.images.allSatisfy { $0.evaluation?.metrics == ["deletion"] } })
        let table = try #require(results.methodTable())
        #expect(table.columns == ["Method", "deletion ↓", "cluster-effect ↑", "Images"])
    }

    @Test func baselineAndMetricErrorsNameTheKey() throws {
        let folder = TinyModel.temporaryFolder("baseline-errors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try TinyModel.write(to: folder)
        #expect(throws: ConfigError(path: "baselines[1].samplez", message: "unknown key 'samplez'; allowed keys: plugin, alpha, batch-size, compactness, kernel-size, kernel-width, max-dist, n-segments, ratio, samples, segmentation, sigma. Did you mean 'samples'? (in grid point 1 of 2: inv.clusterer.linkage=ward)")) {
            try Self.plan(RunnerTests.config(files, extra: "baselines: [grad-cam, {plugin: lime, samplez: 10}]"), folder: folder)
        }
        do {
            _ = try Self.plan(RunnerTests.config(files, extra: "metrics: [delition]"), folder: folder)
            Issue.record("an unknown metric must be an error")
        } catch let error as ConfigError {
            #expect(error.path == "metrics[0]")
            #expect(error.message.hasPrefix("unknown metric 'delition'; available: "))
            #expect(error.message.contains("Did you mean 'deletion'?"))
        }
    }
}
