import Testing
import INVCore
import INVEngine
import INVPlugins
@testable import INVPipeline

/// Synthetic layers whose maps fall into a few spatial patterns, so clustering has structure.
struct SyntheticLayer {
    let channels: Int, side: Int
    let activations: Tensor, gradients: Tensor

    init(channels: Int = 40, side: Int = 12, seed: UInt64 = 3) {
        self.channels = channels
        self.side = side
        var random = SeededRandom(seed: seed)
        var a = [Float](), g = [Float]()
        for k in 0..<channels {
            let pattern = k % 4   // four blobs in the four quadrants
            let (cy, cx) = (pattern / 2 == 0 ? 3.0 : 8.0, pattern % 2 == 0 ? 3.0 : 8.0)
            for y in 0..<side {
                for x in 0..<side {
                    let d2 = (Double(y) - cy) * (Double(y) - cy) + (Double(x) - cx) * (Double(x) - cx)
                    a.append(Float(max(0, 2 * exp(-d2 / 6) + 0.15 * random.normal() - 0.1)))
                    g.append(Float(0.02 * random.normal() + (k % 5 == 4 ? -0.01 : 0.01)))
                }
            }
        }
        if channels > 7 { for i in (7 * side * side)..<(8 * side * side) { a[i] = 0 } }  // one empty map
        activations = Tensor(shape: [channels, side, side], scalars: a)
        gradients = Tensor(shape: [channels, side, side], scalars: g)
    }
}

@Suite struct LayerAnalysisTests {
    func analysis(_ configure: (inout INVSettings) -> Void = { _ in }) throws -> LayerAnalysis {
        var settings = INVSettings()
        configure(&settings)
        settings.reducers = [PluginSpec("pca"), PluginSpec("tsne", ["perplexity": .int(10)])]
        let components = try INVComponents(settings: settings, weightings: .builtInWeightings, numeric: .builtIn)
        return LayerAnalysis(components: components, settings: settings)
    }

    /// Eq. 3.1: Σ_i w_Ci · A_Ci equals Σ_k w_k · A^k over the kept maps (the Grad-CAM map of the kept maps).
    @Test(arguments: ["guided", "grad-cam", "x-grad-cam", "grad-cam-plusplus"])
    func clusterMapsSumBackToTheGradCAMMap(_ weighting: String) throws {
        let layer = SyntheticLayer()
        let result = try analysis { $0.weighting = PluginSpec(weighting); $0.clusterThreshold = false }
            .analyze(layer: "conv", activations: layer.activations, gradients: layer.gradients, seed: 1)
        let pixels = layer.side * layer.side
        var gradCAM = [Double](repeating: 0, count: pixels), fromClusters = gradCAM
        for (k, w) in zip(result.keptChannels, result.keptWeights) {
            for i in 0..<pixels { gradCAM[i] += w * Double(max(layer.activations.scalars[k * pixels + i], 0)) }
        }
        for cluster in result.clusters {
            for i in 0..<pixels { fromClusters[i] += cluster.weight * Double(cluster.map[i]) }
        }
        for i in 0..<pixels { #expect(abs(gradCAM[i] - fromClusters[i]) < 1e-5, "pixel \(i)") }
        #expect(abs(result.clusters.map(\.weight).reduce(0, +) - result.keptWeightShare) < 1e-9)
        #expect(Set(result.clusters.flatMap(\.members)) == Set(result.keptChannels))
        #expect(result.emptyChannels == [7])
        #expect(result.scores.map(\.k) == Array(3...8))
        #expect(result.chosenK == result.clusters.count)
    }

    @Test func weightsAreUnitNormalisedAndThresholdedByTable1() throws {
        let layer = SyntheticLayer(channels: 64)
        let result = try analysis().analyze(layer: "conv", activations: layer.activations, gradients: layer.gradients, seed: 1)
        #expect(result.weightThreshold == 0.014)
        #expect(result.keptWeights.allSatisfy { $0 >= 0.014 })
        #expect(result.keptWeightShare <= 1 + 1e-12)
        // Guided weights: every channel whose gradients are mostly negative (k % 5 == 4) is dropped or tiny.
        let weights = try GuidedGradCAMWeighting(parameters: .init()).weights(
            WeightingContext(activations: layer.activations.map { max($0, 0) }, gradients: layer.gradients))
        let positive = weights.indices.filter { weights[$0] > 0 && $0 != 7 }
        let total = positive.reduce(0.0) { $0 + Double(weights[$1]) }
        for (k, w) in zip(result.keptChannels, result.keptWeights) { #expect(abs(w - Double(weights[k]) / total) < 1e-6) }
        let dropped = positive.filter { Double(weights[$0]) / total < 0.014 }
        #expect(Set(result.keptChannels) == Set(positive).subtracting(dropped))
    }

    /// Eq. 4.1: clusters below max(max(w)/3, mean(w)/2) are marked as dropped.
    @Test func clusterThresholdFollowsEquation41() throws {
        let layer = SyntheticLayer()
        let result = try analysis().analyze(layer: "conv", activations: layer.activations, gradients: layer.gradients, seed: 1)
        let w = result.clusters.map(\.weight)
        let expected = max(w.max()! / 3, w.reduce(0, +) / Double(w.count) / 2)
        #expect(result.clusterThreshold.map { abs($0 - expected) < 1e-12 } == true)
        for c in result.clusters { #expect(c.kept == (c.weight >= expected)) }
    }

    @Test func sameSeedSameResultAndSmallLayersDoNotCrash() throws {
        let layer = SyntheticLayer()
        let a = try analysis().analyze(layer: "conv", activations: layer.activations, gradients: layer.gradients, seed: 9)
        let b = try analysis().analyze(layer: "conv", activations: layer.activations, gradients: layer.gradients, seed: 9)
        #expect(a == b)
        for channels in [1, 2, 3, 5, 9] {
            let small = SyntheticLayer(channels: channels, seed: 4)
            let r = try analysis { $0.threshold = .none }.analyze(layer: "small", activations: small.activations,
                                                               gradients: small.gradients, seed: 1)
            #expect(r.clusters.count <= max(r.keptChannels.count, 0))
            #expect(Set(r.clusters.flatMap(\.members)) == Set(r.keptChannels))
        }
    }
}

import Foundation
