import Foundation
import INVCore
import INVEngine
import INVImaging

/// `inv`: the INV saliency of one layer — the layer's Feature Maps Analysis (``LayerAnalysis``)
/// and the sum of its cluster maps `Σ_i w_Ci · A_Ci` (thesis Eq. 3.1, which equals
/// `Σ_j w_j A^j` over the kept maps: the layer's Grad-CAM-style map with INV's weighting and
/// threshold), min-max scaled and bilinearly resized to the input like ``GradCAMExplainer``.
/// ``clusterMaps(image:target:model:seed:)`` gives each cluster's map alone for per-cluster metrics.
public struct INVExplainer: Explainer {
    public var methodName: String { INVExplainerPlugin.name }
    public var layer: String
    public var analysis: LayerAnalysis

    public init(layer: String, analysis: LayerAnalysis) {
        self.layer = layer
        self.analysis = analysis
    }

    public func explain(image: Tensor, target: Int, model: any ClassifierModel, seed: UInt64,
                        progress: ProgressReporter) throws -> Heatmap {
        let started = Date()
        let (explanation, _) = try analyze(image: image, target: target, model: model, seed: seed)
        return try Self.heatmap(of: explanation, height: image.shape[2], width: image.shape[3],
                                seconds: Date().timeIntervalSince(started))
    }

    /// The INV saliency of an analysed layer: `Σ_i w_Ci · A_Ci` over all its clusters (Eq. 3.1),
    /// scaled to [0, 1] and resized to `height × width` (the runner scores it from `anv.json`).
    public static func heatmap(of layer: LayerExplanation, height: Int, width: Int, seconds: Double = 0) throws -> Heatmap {
        var sum = [Float](repeating: 0, count: layer.height * layer.width)
        for cluster in layer.clusters {
            for i in sum.indices { sum[i] += Float(cluster.weight) * cluster.map[i] }
        }
        return try scaled(sum, size: (layer.height, layer.width), height: height, width: width, seconds: seconds)
    }

    /// One heatmap per cluster (`A_Ci` alone, scaled the same way), in the analysis' order
    /// (decreasing weight), with the cluster weights.
    public func clusterMaps(image: Tensor, target: Int, model: any ClassifierModel,
                            seed: UInt64) throws -> [(weight: Double, heatmap: Heatmap)] {
        let started = Date()
        let (explanation, _) = try analyze(image: image, target: target, model: model, seed: seed)
        return try Self.clusterHeatmaps(of: explanation, height: image.shape[2], width: image.shape[3],
                                        seconds: Date().timeIntervalSince(started))
    }

    /// Each cluster's map `A_Ci` of an analysed layer with its weight, scaled and resized as ``heatmap(of:height:width:seconds:)``.
    public static func clusterHeatmaps(of layer: LayerExplanation, height: Int, width: Int,
                                       seconds: Double = 0) throws -> [(weight: Double, heatmap: Heatmap)] {
        try layer.clusters.map { cluster in
            (cluster.weight, try scaled(cluster.map, size: (layer.height, layer.width), height: height, width: width, seconds: seconds))
        }
    }

    private func analyze(image: Tensor, target: Int, model: any ClassifierModel,
                         seed: UInt64) throws -> (LayerExplanation, (height: Int, width: Int)) {
        try model.validate(image: image, target: target, method: methodName)
        let info = try model.layer(named: layer, method: methodName)
        let pass = try model.forwardBackward(image, taps: [info.name], rectifierGradient: .standard) { logits in
            var seed = Tensor.zeros(logits.shape)
            seed.scalars[target] = 1
            return seed
        }
        guard let a = pass.activations[info.name], let g = pass.gradients[info.name], a.rank == 4 else {
            throw ExplainerError.missingTap(method: methodName, tensor: info.name)
        }
        let maps = Array(a.shape.dropFirst())
        let explanation = try analysis.analyze(layer: info.name, activations: a.reshaped(maps), gradients: g.reshaped(maps), seed: seed)
        return (explanation, (maps[1], maps[2]))
    }

    /// `(v − min) / (1e-7 + max(v − min))` at the layer's resolution, then a bilinear resize.
    private static func scaled(_ map: [Float], size: (height: Int, width: Int), height: Int, width: Int,
                               seconds: Double) throws -> Heatmap {
        let lo = map.min() ?? 0
        let shifted = map.map { $0 - lo }
        let hi = shifted.max() ?? 0
        let resized = try FloatMap(width: size.width, height: size.height, values: shifted.map { $0 / (1e-7 + hi) })
            .resized(width: width, height: height, filter: .bilinear)
        return try Heatmap(height: height, width: width, values: resized.values, seconds: seconds)
    }
}

/// The `inv` explainer's configuration as a plugin: the layer to explain. The composition root
/// binds it to the INV registries and settings (see ``INVExplainer``).
public struct INVExplainerPlugin: Plugin {
    public struct Parameters: Codable, Sendable, DefaultConstructible {
        /// Tensor or conv node name; empty = the last layer of ``ClassifierModel/layers``.
        public var layer = ""
        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case layer }
    }
    public static let name = "inv"
    public static let summary = "INV (thesis Eq. 3.1): Σ w_Ci·A_Ci of the layer's clusters, resized and min-max scaled."
    public static let parameterDocs = ["layer": "conv node or tensor name; empty = the last conv layer"]
    public let layer: String
    public init(parameters: Parameters) { layer = parameters.layer }
}

extension PluginFamily.Entry where Product == any Explainer {
    /// The `inv` entry, bound to the INV components the composition root resolved.
    public static func inv(analysis: LayerAnalysis) -> Self {
        .init(INVExplainerPlugin.self) { INVExplainer(layer: $0.layer, analysis: analysis) }
    }
}
