import Foundation
import Testing
import INVCore
import INVImaging
import INVModels
import INVPlugins
@testable import INVRunner

/// `validators:` in a config: TCAV after the run on the explained classes, rows in `validation/`,
/// shown by the report; config errors name the key.
@Suite(.serialized) struct ValidationStageTests {
    static let plugins = RunnerPlugins(weightings: .builtInWeightings, numeric: .builtIn, explainers: .builtInExplainers,
                                       metrics: .builtInMetrics, validators: .builtInValidators)

    static func folder(_ url: URL, count: Int, seed: UInt64) throws -> String {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        var random = SeededRandom(seed: seed)
        for i in 0..<count {
            let pixels = (0..<(3 * 18 * 20)).map { _ in Float(random.next() % 256) }
            try Image(width: 20, height: 18, channels: 3, pixels: pixels).encoded(.png).write(to: url.appendingPathComponent("\(i).png"))
        }
        return url.path
    }

    /// The error loading the tiny config with `extra` gives ("" when it loads).
    static func configError(_ files: TinyModel.Files, _ extra: String) -> String {
        do { _ = try Experiment.load(yaml: RunnerTests.config(files, extra: extra), source: "t.yaml", plugins: plugins); return "" } catch {
            return "\(error)"
        }
    }

    @Test func validatorsRunAfterTheRunAndReachTheReport() throws {
        let folder = TinyModel.temporaryFolder("validation")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try TinyModel.write(to: folder)
        let concept = try Self.folder(folder.appendingPathComponent("concept"), count: 6, seed: 1)
        let random0 = try Self.folder(folder.appendingPathComponent("random0"), count: 6, seed: 2)
        let random1 = try Self.folder(folder.appendingPathComponent("random1"), count: 6, seed: 3)
        let yaml = RunnerTests.config(files, extra: """
            validators:
              - validator: {plugin: tcav, runs: 2, minimum-set-size: 2}
                concepts: {noise: \(concept)}
                random: [\(random0), \(random1)]
            """)
        let experiment = try Experiment.load(yaml: yaml, source: "tiny.yaml", plugins: Self.plugins)
        let expansion = PathExpansion(environment: [:], defaultCache: folder.path, base: folder)
        let plan = try RunPlan.make(experiment, expansion: expansion) { try ImageClassifier.load($0) }
        let layout = ResultsLayout(root: folder.appendingPathComponent("out"))
        _ = try Runner(plan: plan, layout: layout, plugins: Self.plugins).run { _ in }
        let lines = try ValidationStage(configs: experiment.config.validators, plugins: Self.plugins, expansion: expansion)
            .run(plan: plan, layout: layout)
        let classes = Set(ResultsCollection.anvs(of: plan.points[0], layout: layout).map(\.anv.target.index))
        #expect(lines.count == classes.count, "one line per explained class: \(lines)")
        let rows = try JSONDecoder().decode([ConceptValidation].self,
                                            from: Data(contentsOf: layout.root.appendingPathComponent("validation/validation.json")))
        #expect(rows.count == classes.count, "one row per class for the one concept: \(lines)")
        #expect(rows.allSatisfy { $0.concept == "noise" && (0...1).contains($0.score) && $0.layer == "relu2" })
        try ResultsWriter.write(layout)
        #expect(try String(contentsOf: layout.report, encoding: .utf8).contains("Validators (config)"))
    }

    @Test func validatorErrorsNameTheKey() throws {
        let folder = TinyModel.temporaryFolder("validation-errors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try TinyModel.write(to: folder)
        func error(_ extra: String) -> String { Self.configError(files, extra) }
        #expect(error("validators: [{validator: tcav, concepts: {a: x}, random: [r]}]")
            .hasPrefix("validators[0].random: expected at least two folders of random images, got 1"))
        #expect(error("validators: [{validator: tcva, concepts: {a: x}, random: [r, s]}]")
            .hasPrefix("validators[0].validator: unknown validator 'tcva'"))
        // label-concepts draws on labels: and decodes strictly.
        #expect(error("validators: [{validator: tcav, label-concepts: {}, random: [r, s]}]")
            .hasPrefix("validators[0].label-concepts: needs a labels: section"))
        #expect(error("labels: {records: x.csv}\nvalidators: [{validator: tcav, label-concepts: {reveal-levl: 2}, random: [r, s]}]")
            .hasPrefix("validators[0].label-concepts.reveal-levl: unknown key 'reveal-levl'; allowed keys: reveal-level, minimum-examples. Did you mean 'reveal-level'?"))
        #expect(error("validators: [{validator: tcav, random: [r, s]}]")
            .hasPrefix("validators[0].concepts: expected at least one concept: {name: folder}, or label-concepts: {reveal-level: N}"))
    }
}
