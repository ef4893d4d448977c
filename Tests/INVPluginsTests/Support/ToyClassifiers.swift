import INVCore
import INVEngine

/// A ClassifierModel over an engine `Graph` with input "x" and output "logits", for the explainer tests:
/// conv 3→4 (3 × 3, pad 1) → ReLU "a" → global average pool → reshape → MatMul with `fc` `[4, classes]`.
struct GraphClassifier: ClassifierModel {
    let graph: Graph
    let inputName = "x"
    let inputShape: [Int]
    let classCount: Int
    let layers: [LayerInfo]
    let fc: Tensor

    init(size: Int = 8, classes: Int = 5, seed: UInt64 = 3) {
        var random = SeededRandom(seed: seed)
        func tensor(_ shape: [Int]) -> Tensor {
            Tensor(shape: shape, scalars: (0..<shape.elementCount).map { _ in Float(random.uniform() * 2 - 1) })
        }
        fc = tensor([4, classes])
        graph = Graph(
            inputs: [("x", [0, 3, size, size])],
            constants: ["w": tensor([4, 3, 3, 3]), "fc": fc],
            nodes: [
                .init(name: "conv", op: Conv2D(pads: Padding2D(top: 1, left: 1, bottom: 1, right: 1)), inputs: ["x", "w"], output: "c"),
                .init(name: "relu", op: Unary(.relu), inputs: ["c"], output: "a"),
                .init(name: "gap", op: GlobalAveragePool(), inputs: ["a"], output: "p"),
                .init(name: "flat", op: Reshape(shape: [-1, 4]), inputs: ["p"], output: "f"),
                .init(name: "fc", op: MatMul(), inputs: ["f", "fc"], output: "logits"),
            ],
            outputs: ["logits"])
        inputShape = [3, size, size]
        classCount = classes
        layers = [LayerInfo(name: "a", node: "conv", shape: [4, size, size])]
    }

    func logits(_ batch: Tensor) throws -> Tensor { try graph.run(["x": batch])["logits"]! }

    func forwardBackward(_ image: Tensor, taps: [String], rectifierGradient: RectifierGradient,
                         seed: (Tensor) throws -> Tensor) throws -> GraphPass {
        try graph.forwardBackward(["x": image], output: "logits", taps: taps, rectifierGradient: rectifierGradient, seed: seed)
    }

    /// The ReLU feature maps `[4, size, size]` of one image, from a plain forward run.
    func featureMaps(_ image: Tensor) throws -> Tensor {
        let a = try graph.run(["x": image], keeping: ["a"])["a"]!
        return a.reshaped(Array(a.shape.dropFirst()))
    }
}

/// Two classes; logit 0 is `Σ_p weights[p] · mean_c x[c, p]`, logit 1 is 0, so the class-0
/// probability is `sigmoid(logit 0)`: a model whose behaviour the tests compute by hand.
struct PixelLinearClassifier: ClassifierModel {
    let inputName = "x"
    let inputShape: [Int]
    let classCount = 2
    let layers: [LayerInfo] = []
    let weights: [Float]

    init(channels: Int, height: Int, width: Int, weights: [Float]) {
        inputShape = [channels, height, width]
        self.weights = weights
    }

    func logit(_ image: ArraySlice<Float>) -> Float {
        let (c, plane) = (inputShape[0], weights.count)
        var s: Float = 0
        let base = image.startIndex
        for p in 0..<plane {
            var mean: Float = 0
            for ch in 0..<c { mean += image[base + ch * plane + p] }
            s += weights[p] * mean / Float(c)
        }
        return s
    }

    func logits(_ batch: Tensor) throws -> Tensor {
        let per = inputShape.elementCount, n = batch.count / per
        return Tensor(shape: [n, 2], scalars: (0..<n).flatMap { [logit(batch.scalars[($0 * per)..<(($0 + 1) * per)]), 0] })
    }

    func forwardBackward(_ image: Tensor, taps: [String], rectifierGradient: RectifierGradient,
                         seed: (Tensor) throws -> Tensor) throws -> GraphPass {
        throw ExplainerError.noLayers(method: "PixelLinearClassifier (forward only)")
    }
}

func sigmoid(_ x: Double) -> Double { 1 / (1 + _exp(-x)) }

import Foundation
private func _exp(_ x: Double) -> Double { Foundation.exp(x) }
