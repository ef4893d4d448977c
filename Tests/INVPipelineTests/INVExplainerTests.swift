import Foundation
import Testing
import INVCore
@testable import INVEngine
import INVImaging
import INVPlugins
@testable import INVPipeline

/// A model whose tapped layer "L" holds a ``SyntheticLayer`` (40 maps of 12 × 12) for a 24 × 24 input.
struct SyntheticLayerModel: ClassifierModel {
    let layer = SyntheticLayer()
    let inputName = "x"
    let inputShape = [3, 24, 24]
    let classCount = 3
    var layers: [LayerInfo] { [LayerInfo(name: "L", node: "conv", shape: [40, 12, 12])] }

    func logits(_ batch: Tensor) throws -> Tensor {
        Tensor(shape: [batch.shape[0], 3], scalars: (0..<batch.shape[0]).flatMap { _ in [Float(0.1), 2, -1] })
    }

    func forwardBackward(_ image: Tensor, taps: [String], rectifierGradient: RectifierGradient,
                         seed: (Tensor) throws -> Tensor) throws -> GraphPass {
        let logits = try self.logits(image)
        _ = try seed(logits)
        return GraphPass(output: logits, activations: ["L": layer.activations.reshaped([1, 40, 12, 12])],
                         gradients: ["L": layer.gradients.reshaped([1, 40, 12, 12])])
    }
}

@Suite struct INVExplainerTests {
    static func analysis() throws -> LayerAnalysis {
        var settings = INVSettings()
        settings.reducers = [PluginSpec("pca"), PluginSpec("tsne", ["perplexity": .int(10)])]
        return LayerAnalysis(components: try INVComponents(settings: settings, weightings: .builtInWeightings, numeric: .builtIn),
                             settings: settings)
    }

    /// Eq. 3.1: Σ_i w_Ci A_Ci = Σ_{j kept} w_j A^j, scaled as Grad-CAM and resized to the input.
    @Test func invHeatmapIsTheWeightedSumOfTheKeptMaps() throws {
        let model = SyntheticLayerModel()
        let image = Tensor(repeating: 0, shape: [1, 3, 24, 24])
        let analysis = try Self.analysis()
        let explainer = INVExplainer(layer: "", analysis: analysis)
        let heatmap = try explainer.explain(image: image, target: 1, model: model, seed: 4)
        let layer = try analysis.analyze(layer: "L", activations: model.layer.activations, gradients: model.layer.gradients, seed: 4)
        var sum = [Float](repeating: 0, count: 144)
        for (k, w) in zip(layer.keptChannels, layer.keptWeights) {
            for i in 0..<144 { sum[i] += Float(w) * max(0, model.layer.activations.scalars[k * 144 + i]) }
        }
        let lo = sum.min()!, hi = sum.map { $0 - lo }.max()!
        let expected = try FloatMap(width: 12, height: 12, values: sum.map { ($0 - lo) / (1e-7 + hi) }).resized(width: 24, height: 24)
        #expect(heatmap.height == 24 && heatmap.width == 24)
        for i in 0..<576 {
            #expect(abs(heatmap.values[i] - expected.values[i]) < 1e-4, "pixel \(i): \(heatmap.values[i]) vs \(expected.values[i])")
        }
        let clusters = try explainer.clusterMaps(image: image, target: 1, model: model, seed: 4)
        #expect(clusters.count == layer.clusters.count)
        #expect(clusters.map(\.weight) == layer.clusters.map(\.weight))
    }

    /// `cluster-effect` scores INV's cluster maps of the explained layer and is skipped for a method without clusters.
    @Test func clusterMetricScoresINVAndSkipsTheOtherMethods() throws {
        let model = SyntheticLayerModel()
        let image = Tensor(repeating: 0.5, shape: [1, 3, 24, 24])
        let inv = INVExplainer(layer: "L", analysis: try Self.analysis())
        var gradCAM = GradCAMExplainer.Parameters()
        gradCAM.layer = "L"
        let evaluation = BaselineEvaluation(explainers: [inv, GradCAMExplainer(parameters: gradCAM)],
                                            metrics: [try PluginFamily<any Metric>.builtInMetrics.make(PluginSpec("cluster-effect"))])
        let rows = try evaluation.evaluate(image: image, target: nil, model: model, seed: 1)
        let p = try model.probabilities(image)[0]
        let predicted = p.indices.max { p[$0] < p[$1] }!
        let clusters = try inv.clusterMaps(image: image, target: predicted, model: model, seed: 1)
        let expected = try ClusterEffectMetric(parameters: .init()).score(image: image, target: predicted, model: model, clusters: clusters)
        #expect(rows[0].scores["cluster-effect"]?.perCluster == expected.drops)
        #expect(rows[0].scores["cluster-effect"]?.perCluster?.count == clusters.count)
        #expect(rows[1].scores["cluster-effect"] == nil, "grad-cam has no clusters")
        #expect(evaluation.table(rows).split(separator: "\n")[2].split(separator: " ") == ["grad-cam", "–"])
    }

    @Test func evaluationTableHasOneRowPerMethodAndMarksDirections() throws {
        let model = SyntheticLayerModel()
        let image = Tensor(repeating: 0.5, shape: [1, 3, 24, 24])
        let metrics = PluginFamily<any Metric>.builtInMetrics
        let evaluation = BaselineEvaluation(explainers: [INVExplainer(layer: "L", analysis: try Self.analysis())],
                                            metrics: [try metrics.make(PluginSpec("sparseness")), try metrics.make(PluginSpec("deletion", ["step": .int(48)]))])
        let rows = try evaluation.evaluate(image: image, target: nil, model: model, seed: 1)
        #expect(rows.map(\.method) == ["inv"])
        #expect(rows[0].scores["deletion"]?.curve.count == 13)  // ⌈576 / 48⌉ + 1
        let table = evaluation.table(rows).split(separator: "\n")
        #expect(table.count == 2)
        #expect(table[0].hasPrefix("method") && table[0].contains("sparseness ↑") && table[0].contains("deletion ↓"))
        let json = String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
        #expect(json.contains("\"curve\"") && !json.contains("\"values\""))
    }
}
