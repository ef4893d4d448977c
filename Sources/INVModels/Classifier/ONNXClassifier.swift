import Foundation
import INVCore
import INVEngine

/// An ONNX image classifier as the explanation methods use it (``ClassifierModel``): graphs are
/// built per batch size on first use (shape computations fold for each static batch) and cached.
public final class ONNXClassifier: ClassifierModel, @unchecked Sendable {
    public let model: ONNXModel
    public let inputName: String
    public let outputName: String
    public let inputShape: [Int]
    public let classCount: Int
    public let layers: [LayerInfo]
    /// The batch-1 graph (taps, layers, forward/backward).
    public let graph: ONNXGraph

    private let lock = NSLock()
    private var graphs: [Int: ONNXGraph] = [:]

    /// - Parameters:
    ///   - inputShape: `[C, H, W]` of one image.
    public init(model: ONNXModel, inputName: String, outputName: String, inputShape: [Int]) throws {
        self.model = model
        self.inputName = inputName
        self.outputName = outputName
        self.inputShape = inputShape
        graph = try model.graph(inputShapes: [inputName: [1] + inputShape])
        guard let logits = graph.shape(of: outputName), logits.count == 2, logits[0] == 1 else {
            throw ONNXError.unknownTensor(name: outputName, reason: "is not a [1, classes] logits output for a batch of one (shape \(graph.shape(of: outputName) ?? []))")
        }
        classCount = logits[1]
        layers = Self.activationTaps(of: graph)
        graphs[1] = graph
    }

    public func logits(_ batch: Tensor) throws -> Tensor {
        let size = batch.shape.first ?? 0
        return try graph(batchSize: size).run(inputs: [inputName: batch])[outputName]!
    }

    public func forwardBackward(_ image: Tensor, taps: [String], rectifierGradient: RectifierGradient,
                                seed: (Tensor) throws -> Tensor) throws -> GraphPass {
        try graph.forwardBackward(inputs: [inputName: image], taps: taps, output: outputName,
                                  rectifierGradient: rectifierGradient, seed: seed)
    }

    /// One forward + backward pass on the graph built for the batch's size.
    public func inputGradients(_ batch: Tensor, seed: (Tensor) throws -> Tensor) throws -> (logits: Tensor, gradients: Tensor) {
        let pass = try graph(batchSize: batch.shape.first ?? 0)
            .forwardBackward(inputs: [inputName: batch], taps: [inputName], output: outputName, rectifierGradient: .standard, seed: seed)
        guard let gradients = pass.gradients[inputName] else {
            throw ONNXError.unknownTensor(name: inputName, reason: "has no gradient after the backward pass")
        }
        return (pass.output, gradients)
    }

    private func graph(batchSize: Int) throws -> ONNXGraph {
        lock.lock()
        defer { lock.unlock() }
        if let g = graphs[batchSize] { return g }
        let g = try model.graph(inputShapes: [inputName: [batchSize] + inputShape])
        graphs[batchSize] = g
        return g
    }

    /// For each conv layer, the tensor that holds its feature maps after the activation (thesis
    /// §3.3.1): from the conv output, follow a sole consumer through batch normalisation to the
    /// activation (ReLU, clip/ReLU6, sigmoid, tanh, GELU) and tap its output; a conv with no
    /// activation (a linear bottleneck) is tapped after its batch norm, and the analysis applies ReLU.
    static func activationTaps(of graph: ONNXGraph) -> [LayerInfo] {
        var consumers: [String: [Graph.Node]] = [:]
        for node in graph.graph.nodes { for input in node.inputs { consumers[input, default: []].append(node) } }
        return graph.convLayers.map { conv in
            var name = graph.tensorName(conv.output)
            while let next = consumers[name], next.count == 1 {
                let op = next[0].op
                if op is BatchNorm { name = next[0].output; continue }
                if op is Clip || (op as? Unary).map({ [.relu, .sigmoid, .tanh, .gelu].contains($0.kind) }) == true {
                    name = next[0].output
                }
                break
            }
            let shape = graph.shape(of: name) ?? conv.outputShape
            return LayerInfo(name: name, node: conv.node, shape: Array(shape.dropFirst()))
        }
    }
}
