import Foundation
import Testing
import INVCore
import INVModels
import INVPipeline
@testable import INVRunner

/// `validators[].label-concepts`: TCAV on concept sets made from the run's own labels (masked
/// images of the clusters whose best label each is), and the TCAV column the global explanation
/// tables gain from those rows.
@Suite(.serialized) struct LabelConceptValidationTests {
    @Test func labelConceptsAreValidatedAndReachTheGlobalTables() throws {
        let folder = TinyModel.temporaryFolder("label-concepts")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try TinyModel.write(to: folder)
        let records = folder.appendingPathComponent("labels.csv")
        try LabelRecordFile.write([], to: records)
        let random0 = try ValidationStageTests.folder(folder.appendingPathComponent("random0"), count: 6, seed: 2)
        let random1 = try ValidationStageTests.folder(folder.appendingPathComponent("random1"), count: 6, seed: 3)
        let yaml = RunnerTests.config(files, extra: """
            target: 0
            labels: {records: \(records.path), cleaning: {grouping: {enabled: false}}}
            validators:
              - validator: {plugin: tcav, runs: 2, minimum-set-size: 2}
                label-concepts: {reveal-level: 2, minimum-examples: 2}
                random: [\(random0), \(random1)]
            """)
        let experiment = try Experiment.load(yaml: yaml, source: "tiny.yaml", plugins: ValidationStageTests.plugins)
        #expect(experiment.config.validators[0].labelConcepts == LabelConceptsConfig(revealLevel: 2, minimumExamples: 2))
        #expect(experiment.config.validators[0].validator.parameters["alpha"] == .double(0.01), "the resolved config states TCAV's defaults")
        let expansion = PathExpansion(environment: [:], defaultCache: folder.path, base: folder)
        let plan = try RunPlan.make(experiment, expansion: expansion) { try ImageClassifier.load($0) }
        let layout = ResultsLayout(root: folder.appendingPathComponent("out"))
        _ = try Runner(plan: plan, layout: layout, plugins: ValidationStageTests.plugins).run { _ in }
        try LabelRecordFile.write(try LabelsStageTests.records(naming: try RunnerTests.results(layout.root)), to: records)

        let labels = LabelsStage(config: experiment.config.labels!, plugins: ValidationStageTests.plugins, expansion: expansion)
        _ = try labels.run(layout: layout)
        let lines = try ValidationStage(configs: experiment.config.validators, plugins: ValidationStageTests.plugins, expansion: expansion)
            .run(plan: plan, layout: layout)
        let rows = try JSONDecoder().decode([ConceptValidation].self,
                                            from: Data(contentsOf: layout.root.appendingPathComponent("validation/validation.json")))
        let stripes = try #require(rows.first { $0.concept == "stripes" }, "a row for the crowd's label: \(lines)")
        #expect(rows.map(\.concept) == ["stripes"], "the only best label; \(lines)")
        #expect(stripes.target == 0 && stripes.layer == "relu2" && (0...1).contains(stripes.score))
        let point = layout.root.appendingPathComponent("labelled").appendingPathComponent(plan.points[0].point.id)
        let strict = try LabelConceptSets(config: LabelConceptsConfig(revealLevel: 2, minimumExamples: 99), masks: MaskSettings())
            .make(labelled: point, layer: "relu2", classifier: plan.models.values.first!.classifier, key: "k")
        #expect(strict.sets.isEmpty && strict.log.count == 1 && strict.log[0].hasPrefix("label-concepts: 'stripes' left out at relu2: "),
                "\(strict.log)")
        #expect(throws: ConfigError.self) {
            try LabelConceptSets(config: LabelConceptsConfig(revealLevel: 6), masks: MaskSettings())
                .make(labelled: point, layer: "relu2", classifier: plan.models.values.first!.classifier, key: "k")
        }
        let global = layout.root.appendingPathComponent("global")
        #expect(try !String(contentsOf: global.appendingPathComponent("global.md"), encoding: .utf8).contains("TCAV"),
                "no TCAV column before validation")

        #expect(try labels.addValidation(layout: layout).contains("1 validation row(s)"))
        let csv = try String(contentsOf: global.appendingPathComponent("global.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv[0] == Substring(GlobalExplanationTables.csvHeader + "," + GlobalExplanationTables.csvTCAVHeader))
        let line = try #require(csv.first { $0.contains(",stripes,") }, "\(csv)")
        #expect(line.hasSuffix(",relu2,\(String(format: "%.6g", stripes.score)),\(String(format: "%.6g", stripes.scoreSD)),"
                               + "\(String(format: "%.6g", stripes.pValue)),\(stripes.verdict.rawValue)"), "\(line)")
        let md = try String(contentsOf: global.appendingPathComponent("global.md"), encoding: .utf8)
        #expect(md.contains("| stripes | ") && md.contains(" | \(ConceptValidationIndex.cell(stripes)) |\n"), "\(md)")
        #expect(try String(contentsOf: global.appendingPathComponent("global.html"), encoding: .utf8)
            .contains("TCAV \(ConceptValidationIndex.cell(stripes))"))
        try ResultsWriter.write(layout)
        #expect(try String(contentsOf: layout.report, encoding: .utf8).contains("and a TCAV column"))
    }
}
