import Foundation
import Testing
import INVCore
import INVPipeline
@testable import INVRunner

/// The configs in `Configs/` decode and expand; the thesis template names its placeholders.
@Suite struct ShippedConfigTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Configs")

    @Test func quickstartIsOnePointWithTheThesisDefaults() throws {
        let experiment = try Experiment.load(file: Self.folder.appendingPathComponent("quickstart.yaml"), plugins: evaluationPlugins)
        #expect(experiment.points.count == 1)
        #expect(experiment.config.layers == .last(9))
        let defaults = try evaluationPlugins.withDefaults(INVSettings())
        #expect(experiment.points[0].config.inv == defaults, "quickstart states exactly the thesis defaults")
        #expect(experiment.config.baselines.map(\.plugin) == ["grad-cam", "lime", "shap"])
        #expect(experiment.config.metrics.map(\.plugin) == ["deletion", "insertion", "average-drop"])
    }

    @Test func ablationIsEightPoints() throws {
        let experiment = try Experiment.load(file: Self.folder.appendingPathComponent("ablation.yaml"), plugins: evaluationPlugins)
        #expect(experiment.points.count == 8)
        #expect(Set(experiment.points.map(\.config.inv.clusterer.plugin)) == ["agglomerative", "kmeans"])
    }

    @Test func structuralComparesINVWithIGOSIGOSPlusPlusSAGGradCAMAndRISE() throws {
        let experiment = try Experiment.load(file: Self.folder.appendingPathComponent("structural.yaml"), plugins: evaluationPlugins)
        #expect(experiment.points.count == 1)
        #expect(experiment.config.model == "efficientnet-lite0")
        #expect(experiment.config.baselines.map(\.plugin) == ["igos", "igos++", "sag", "grad-cam", "rise"])
        let sag = try #require(experiment.config.baselines.first { $0.plugin == "sag" })
        #expect(sag.parameters["max-patches"] == .int(8) && sag.parameters["order"] == .string("igos"))
        for structural in experiment.config.baselines.prefix(3) {
            #expect(structural.parameters["time-limit"] == .int(1800), "\(structural.plugin) is capped")
            _ = try evaluationPlugins.explainers.make(structural)   // the parameters decode strictly
        }
        #expect(experiment.config.metrics.map(\.plugin) == ["deletion", "insertion"])
    }

    @Test func thesisTemplateNamesWhatToFillIn() {
        #expect(throws: ConfigError(path: "", message: "placeholders not filled in: images.folder (folder with your .png/.jpg images); model (path to your VGG-16 .onnx file (with its sidecar .json next to it)); edit the config or pass --set images.folder=… --set model=…")) {
            try Experiment.load(file: Self.folder.appendingPathComponent("thesis.yaml"), plugins: evaluationPlugins)
        }
        #expect(throws: Never.self) {
            try Experiment.load(file: Self.folder.appendingPathComponent("thesis.yaml"),
                                overrides: [try Override("model=vgg16.onnx"), try Override("images.folder=data/val")], plugins: evaluationPlugins)
        }
    }

    @Test func tableRenderings() {
        let table = ResultTable(title: "T", columns: ["Point", "a_b", "x %"],
                                rows: [[.text("p,1"), .text("3"), .stat(mean: 1.25, sd: 0.5, digits: 1)]])
        #expect(table.csv() == "Point,a_b,x % mean,x % sd\n\"p,1\",3,1.25,0.5\n")
        #expect(table.markdown() == "**T**\n\n| Point | a_b | x % |\n|---|---|---|\n| p,1 | 3 | 1.2 ± 0.5 |\n")
        #expect(table.latex() == "% T\n\\begin{tabular}{lrr}\n\\toprule\nPoint & a\\_b & x \\% \\\\\n\\midrule\np,1 & 3 & $1.2 \\pm 0.5$ \\\\\n\\bottomrule\n\\end{tabular}\n")
        #expect(abs(meanAndSD([1, 2, 3]).sd - 1) < 1e-12, "sd of 1, 2, 3 is 1")
    }
}

@Suite struct LayerSpecParsingTests {
    @Test func commandLineForm() throws {
        #expect(try LayerSpec(parsing: "all") == .all)
        #expect(try LayerSpec(parsing: "last:4") == .last(4))
        #expect(try LayerSpec(parsing: "conv1, relu2") == .named(["conv1", "relu2"]))
        #expect(throws: ConfigError(path: "--layers", message: "expected 'all', 'last:N' (N ≥ 1) or a list of layer names, got a string 'last:0'")) {
            try LayerSpec(parsing: "last:0")
        }
        #expect(throws: ConfigError(path: "--layers", message: "expected 'all', 'last:N' (N ≥ 1) or comma-separated layer names, got 'a,,b'")) {
            try LayerSpec(parsing: "a,,b")
        }
    }
}
