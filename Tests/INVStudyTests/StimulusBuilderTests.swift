import Foundation
import INVCore
import INVImaging
import INVPipeline
import INVStudyFixtures
import Testing
@testable import INVStudy

/// `inv study build` and `analyze` on a small fake run directory laid out as `inv run` writes it.
@Suite struct StimulusBuilderTests {
    static let images = ["cat-00000001", "dog-00000002", "kite-00000003", "mug-00000004"]
    static let baselines = ["grad-cam", "lime", "kernel-shap"]

    /// ``StudyRunFixture``'s run (baseline overlays 300 × 200) with a methods table.
    static func makeRun() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("inv-study-run-\(UUID().uuidString)")
        func write(_ text: String, _ path: String) throws { try AtomicFile.write(Data(text.utf8), to: root.appendingPathComponent(path)) }
        try StudyRunFixture.write(to: root, images: images, baselines: baselines, overlayWidth: 300, overlayHeight: 200)
        try write("Method,deletion ↓ mean,deletion ↓ sd,Images\ninv,0.1,0,4\ngrad-cam,0.2,0,4\nlime,0.3,0,4\nkernel-shap,0.4,0,4\n", "tables/methods.csv")
        return root
    }

    @Test func buildsPanelsDesignAndKeyThenAnalyses() throws {
        let run = try Self.makeRun()
        defer { try? FileManager.default.removeItem(at: run) }
        let config = try StudyConfig.decode(.object(["results": .string(run.path), "participants": .int(8), "seed": .int(3), "panel-size": .int(96)]))
        let layout = StudyLayout(root: run.appendingPathComponent("study"))
        let summary = try StimulusBuilder.build(config, into: layout)
        #expect(summary.images == Self.images && summary.skippedImages.isEmpty && summary.unusedImages.isEmpty)
        #expect(summary.trials == 8 * 4)
        #expect(Set(summary.codes.values).count == 4)
        for key in Self.images {
            for method in config.methods {
                let code = try #require(summary.codes[method])
                let panel = try Image(contentsOf: layout.panel(image: key, code: code))
                #expect(panel.width == 96 && panel.height == 96, "\(key)/\(method): \(panel.width)×\(panel.height)")
                let fragment = try String(contentsOf: layout.fragment(image: key, code: code), encoding: .utf8)
                #expect(fragment.contains("Explanation \(code)") && !fragment.contains(method), "method names are hidden")
            }
        }
        let conditions = try String(contentsOf: layout.conditions, encoding: .utf8)
        #expect(conditions.split(separator: "\n").count == 1 + 16)
        #expect(throws: StudyError.alreadyBuilt(layout.root.path)) { try StimulusBuilder.build(config, into: layout) }

        // Responses for the design: INV rated 7, the rest by method order; then the analysis writes its files.
        let design = try CSVText.rows(String(contentsOf: layout.design, encoding: .utf8)).dropFirst()
        var responses: [Response] = []
        for row in design {
            let method = row.fields[3]
            let value = Double(7 - (config.methods.firstIndex(of: method) ?? 0))
            for item in config.items {
                responses.append(Response(participant: "P\(row.fields[0])", trial: Int(row.fields[1]), image: row.fields[2], method: method,
                                          item: item.id, value: value - Double(Int(row.fields[0])! % 2), seconds: 6))
            }
        }
        let responsesURL = run.appendingPathComponent("responses.csv")
        try AtomicFile.write(Data(ResponseFile.csv(responses).utf8), to: responsesURL)
        let (analysis, written) = try Study.analyze(layout, responses: responsesURL)
        #expect(analysis.items.allSatisfy { ($0.omnibus?.pValue ?? 1) < 0.001 })
        #expect(analysis.metricAgreement.count == 3 && analysis.metricAgreement.allSatisfy { abs($0.tau - 1) < 1e-12 })
        let names = Set(written.map(\.lastPathComponent))
        for stem in ["descriptives", "omnibus", "pairwise", "exclusions", "human-vs-metrics"] {
            for ext in ["csv", "md", "tex"] { #expect(names.contains("\(stem).\(ext)"), "\(stem).\(ext)") }
        }
        #expect(names.contains("study-report.html"))
    }

    @Test func invPanelIsTheANVAndALabelledANVAddsItsLegend() throws {
        let run = try Self.makeRun()
        defer { try? FileManager.default.removeItem(at: run) }
        // `inv labels apply` wrote labelled ANVs for the first image only.
        let labelledRun = run.appendingPathComponent("tmp-labelled")
        try StudyRunFixture.write(to: labelledRun, images: [Self.images[0]], baselines: [],
                                  labels: [Self.images[0]: [["whiskers", "ears"], ["fur", "eyes", "tail"]]])
        try FileManager.default.createDirectory(at: run.appendingPathComponent("labelled"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: labelledRun.appendingPathComponent("points/p1"), to: run.appendingPathComponent("labelled/p1"))
        let config = try StudyConfig.decode(.object(["results": .string(run.path), "participants": .int(4), "panel-size": .int(192)]))
        let layout = StudyLayout(root: run.appendingPathComponent("study"))
        let summary = try StimulusBuilder.build(config, into: layout)
        let code = try #require(summary.codes["inv"])
        let folder = run.appendingPathComponent("points/p1/images/\(Self.images[1])")
        let anv = try JSONDecoder().decode(ANV.self, from: Data(contentsOf: folder.appendingPathComponent("anv.json")))
        #expect(try Data(contentsOf: layout.panel(image: Self.images[1], code: code)) == (try config.anv.render(anv, overlays: folder, size: 192).encoded(.png)))
        let study = try BuiltStudy(layout: layout)
        #expect(study.conditions[Self.images[0]]?["inv"]?.legend == "whiskers, ears | fur, eyes")
        #expect(study.conditions[Self.images[1]]?["inv"]?.legend == "")
        #expect(study.conditions[Self.images[0]]?["inv"]?.predicted == StudyRunFixture.predicted)
        #expect(study.conditions[Self.images[0]]?["lime"]?.legend == "")
        let fragment = try String(contentsOf: layout.fragment(image: Self.images[0], code: code), encoding: .utf8)
        #expect(fragment.contains("whiskers, ears | fur, eyes"))
    }

    @Test func unknownBaselineIsNamed() throws {
        let run = try Self.makeRun()
        defer { try? FileManager.default.removeItem(at: run) }
        let config = try StudyConfig.decode(.object(["results": .string(run.path), "participants": .int(4),
                                                     "methods": .array([.string("inv"), .string("gradcam")])]))
        do {
            _ = try StimulusBuilder.build(config, into: StudyLayout(root: run.appendingPathComponent("s")))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "methods: the run has no baseline 'gradcam'; available: grad-cam, kernel-shap, lime, inv. Did you mean 'grad-cam'?")
        }
    }
}
