import Foundation
import Testing
import INVCore
import INVModels
import INVPipeline
@testable import INVRunner

/// `labels:` in a config: after the run, the point ANVs are labelled into `labelled/`, the global
/// explanations written into `global/`, and the report links both.
@Suite(.serialized) struct LabelsStageTests {
    /// Records as `inv reveal export` would write them for the run's ANVs (relative path → ANV):
    /// every kept cluster of each ANV's last layer named "stripes" by two players and "fur" by one.
    static func records(naming anvs: [String: ANV]) throws -> [LabelRecord] {
        var written: [LabelRecord] = []
        for (path, anv) in anvs.sorted(by: { $0.key < $1.key }) {
            let point = path.split(separator: "/")[1]
            let layer = try #require(anv.layers.last)
            for (c, cluster) in layer.clusters.enumerated() where cluster.kept {
                for (p, text) in ["stripes", "stripes", "fur"].enumerated() {
                    written.append(LabelRecord(run: String(point), image: anv.image, layer: layer.layer, cluster: c, player: "p\(p)",
                                               outcome: .win, hints: 1, text: text, timestamp: Date(timeIntervalSince1970: 0)))
                }
            }
        }
        return written
    }

    @Test func labelsAreAppliedAfterTheRun() throws {
        let folder = TinyModel.temporaryFolder("labels-stage")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try TinyModel.write(to: folder)
        let records = folder.appendingPathComponent("labels.csv")
        let config = RunnerTests.config(files, extra: "labels: {records: \(records.path), cleaning: {grouping: {enabled: false}}}")
        #expect(throws: ConfigError(path: "labels.records", message: "cannot read '\(records.path)'")) {
            try BaselineRunTests.plan(config, folder: folder)
        }
        // The run first, then records naming its clusters (as `inv reveal export` would).
        try LabelRecordFile.write([], to: records)
        let plan = try BaselineRunTests.plan(config, folder: folder)
        let layout = ResultsLayout(root: folder.appendingPathComponent("out"))
        _ = try Runner(plan: plan, layout: layout, plugins: evaluationPlugins).run { _ in }
        let anvs = try RunnerTests.results(layout.root)
        let written = try Self.records(naming: anvs)
        try LabelRecordFile.write(written, to: records)
        let line = try LabelsStage(config: plan.experiment.config.labels!, plugins: evaluationPlugins,
                                   expansion: PathExpansion(environment: [:], defaultCache: folder.path, base: folder)).run(layout: layout)
        #expect(line.contains("\(written.count) records"), "got: \(line)")
        let labelled = try RunnerTests.results(layout.root.appendingPathComponent("labelled"))
        #expect(labelled.count == anvs.count)
        #expect(labelled.values.allSatisfy { $0.labelling != nil })
        #expect(FileManager.default.fileExists(atPath: layout.root.appendingPathComponent("global/global.html").path))
        try ResultsWriter.write(layout)
        let report = try String(contentsOf: layout.report, encoding: .utf8)
        #expect(report.contains("Labels and validation") && report.contains("global/global.html"))
        #expect(try ResultsCollection.read(layout).points.count == 2, "the labelled copies are not read as points")
    }
}
