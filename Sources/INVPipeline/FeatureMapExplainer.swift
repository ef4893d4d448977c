import Foundation
import INVCore
import INVEngine
import INVImaging

/// The result of explaining one image with INV: the prediction, the target that was explained and
/// one ``LayerExplanation`` per requested layer.
public struct ImageExplanation: Codable, Sendable, Equatable {
    public var predicted: Int
    public var target: Int
    /// Softmax probabilities of the predicted and of the target class.
    public var predictedProbability: Double
    public var targetProbability: Double
    public var layers: [LayerExplanation]
}

/// Runs the INV analysis of several layers of one image from a single forward and backward pass
/// (thesis §3.3, §4.2): the gradients are those of the target class' pre-softmax logit.
public struct FeatureMapExplainer: Sendable {
    public var model: any ClassifierModel
    public var analysis: LayerAnalysis
    /// Images per batch when a weighting runs the model on masked inputs (Score-CAM).
    public var batchSize: Int

    public init(model: any ClassifierModel, analysis: LayerAnalysis, batchSize: Int = 16) {
        self.model = model
        self.analysis = analysis
        self.batchSize = batchSize
    }

    /// - Parameters:
    ///   - input: one preprocessed image `[1, C, H, W]`.
    ///   - layers: names of the layers to analyse (see ``ClassifierModel/layers``).
    ///   - target: the class to explain; nil explains the predicted class.
    public func explain(_ input: Tensor, layers: [String], target: Int?, seed: UInt64,
                        progress: (String) -> Void = { _ in }) throws -> ImageExplanation {
        if let target, !(0..<model.classCount).contains(target) {
            throw PipelineError.target(target, classCount: model.classCount)
        }
        var predicted = 0, chosen = 0
        var probabilities: [Float] = []
        let pass = try model.forwardBackward(input, taps: layers, rectifierGradient: .standard) { logits in
            probabilities = Softmax.probabilities(logits.scalars)
            predicted = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
            chosen = target ?? predicted
            var seed = Tensor.zeros(logits.shape)
            seed.scalars[chosen] = 1
            return seed
        }
        var results: [LayerExplanation] = []
        for (i, layer) in layers.enumerated() {
            progress("layer \(i + 1)/\(layers.count): \(layer)")
            guard let a = pass.activations[layer], let g = pass.gradients[layer], a.rank == 4 else {
                throw PipelineError.layerShape(layer: layer, activations: pass.activations[layer]?.shape ?? [],
                                               gradients: pass.gradients[layer]?.shape ?? [])
            }
            let maps = Array(a.shape.dropFirst())
            let scorer = maskedScorer(input: input, target: chosen)
            results.append(try analysis.analyze(layer: layer, activations: a.reshaped(maps), gradients: g.reshaped(maps),
                                                seed: seed &+ UInt64(i) &* 0x9E37_79B9, scoreMaskedInputs: scorer))
        }
        return ImageExplanation(predicted: predicted, target: chosen,
                                predictedProbability: Double(probabilities[predicted]),
                                targetProbability: Double(probabilities[chosen]), layers: results)
    }

    /// Score-CAM's model access: each `[h, w]` mask, bilinearly upsampled to the input, multiplies
    /// the input; returns the target logit of every masked image, run in batches.
    private func maskedScorer(input: Tensor, target: Int) -> @Sendable (Tensor) throws -> [Float] {
        let model = self.model, batchSize = self.batchSize
        return { masks in
            let (count, h, w) = (masks.shape[0], masks.shape[1], masks.shape[2])
            let (c, height, width) = (input.shape[1], input.shape[2], input.shape[3])
            let plane = height * width
            var scores: [Float] = []
            for start in stride(from: 0, to: count, by: batchSize) {
                let end = min(start + batchSize, count)
                var batch = [Float](repeating: 0, count: (end - start) * c * plane)
                for k in start..<end {
                    let map = try FloatMap(width: w, height: h, values: Array(masks.scalars[(k * h * w)..<((k + 1) * h * w)]))
                        .resized(width: width, height: height, filter: .bilinear)
                    for ch in 0..<c {
                        let base = ((k - start) * c + ch) * plane
                        for i in 0..<plane { batch[base + i] = input.scalars[ch * plane + i] * map.values[i] }
                    }
                }
                let logits = try model.logits(Tensor(shape: [end - start, c, height, width], scalars: batch))
                scores += (0..<(end - start)).map { logits.scalars[$0 * model.classCount + target] }
            }
            return scores
        }
    }
}

extension Softmax {
    /// Numerically stable softmax of a logit vector.
    public static func probabilities(_ logits: [Float]) -> [Float] {
        let top = logits.max() ?? 0
        let e = logits.map { Foundation.exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }
}
