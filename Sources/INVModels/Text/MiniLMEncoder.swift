import Foundation
import INVEngine
import INVText

/// A BERT sentence encoder in the Sentence-BERT style (Reimers & Gurevych 2019), by default
/// all-MiniLM-L6-v2: WordPiece tokens → BERT (Devlin et al. 2019; post-norm transformer layers,
/// GELU with erf) → the mean of the last hidden states over the attention mask → L2-normalised.
///
/// Runs on INVEngine ops, a batch at a time: hidden states are `[batch, tokens, hidden]`, attention
/// scores `[batch, heads, tokens, tokens]` with padding masked by an additive −10³⁰ bias, so a padded
/// sequence gets the same embedding as on its own.
public struct MiniLMEncoder: Sendable {
    public let configuration: BertConfiguration
    public let tokenizer: BertTokenizer
    let weights: BertWeights

    /// Texts encoded together; texts are sorted by length first so a batch holds similar lengths.
    public var batchSize = 32

    /// The encoder of `weights` (a safetensors state dict) with `tokenizer`.
    public init(weightsFile: URL, tokenizer: BertTokenizer, configuration: BertConfiguration = .miniLML6) throws {
        guard configuration.heads > 0, configuration.hiddenSize % configuration.heads == 0 else {
            throw SafetensorsError.invalidHeader(path: weightsFile.path, reason:
                "hidden size \(configuration.hiddenSize) is not a multiple of the \(configuration.heads) heads")
        }
        guard tokenizer.maxLength <= configuration.maxPositions else {
            throw SafetensorsError.invalidHeader(path: weightsFile.path, reason:
                "tokenizer length \(tokenizer.maxLength) exceeds the model's \(configuration.maxPositions) positions")
        }
        self.configuration = configuration
        self.tokenizer = tokenizer
        self.weights = try BertWeights(file: try SafetensorsFile(contentsOf: weightsFile), configuration: configuration)
    }

    /// A model folder holding `model.safetensors` and `vocab.txt` (as the sentence-transformers folders do).
    public init(directory: URL, configuration: BertConfiguration = .miniLML6, maxLength: Int = 256) throws {
        let tokenizer = try BertTokenizer(vocabularyFile: directory.appendingPathComponent("vocab.txt"), maxLength: maxLength)
        try self.init(weightsFile: directory.appendingPathComponent("model.safetensors"), tokenizer: tokenizer,
                      configuration: configuration)
    }

    /// One unit-length embedding per text, `[texts.count, hidden]` row-major, in the order given.
    public func embed(_ texts: [String]) throws -> Tensor {
        let hidden = configuration.hiddenSize
        let sequences = texts.map(tokenizer.encode)
        let order = sequences.indices.sorted { (sequences[$0].count, $0) < (sequences[$1].count, $1) }
        var result = [Float](repeating: 0, count: texts.count * hidden)
        for start in stride(from: 0, to: order.count, by: max(1, batchSize)) {
            let members = Array(order[start..<min(start + max(1, batchSize), order.count)])
            let batch = TokenBatch(sequences: members.map { sequences[$0] }, paddingID: tokenizer.paddingID)
            let pooled = try encode(batch)
            for (row, index) in members.enumerated() {
                result.replaceSubrange((index * hidden)..<((index + 1) * hidden),
                                       with: pooled.scalars[(row * hidden)..<((row + 1) * hidden)])
            }
        }
        return Tensor(shape: [texts.count, hidden], scalars: result)
    }

    /// The normalised mean-pooled embeddings of a padded batch, `[batch.count, hidden]`.
    public func encode(_ batch: TokenBatch) throws -> Tensor {
        let c = configuration
        let (b, t, h) = (batch.count, batch.length, c.hiddenSize)
        guard b > 0, t > 0 else { return Tensor(shape: [b, h], scalars: []) }
        var x = try embeddings(batch)
        let maskBias = Tensor(shape: [b, 1, 1, t], scalars: batch.mask.map { $0 == 1 ? 0 : -1e30 })
        for layer in weights.layers {
            x = try transformerLayer(x, layer, maskBias: maskBias, batch: b, tokens: t)
        }
        return meanPooled(x, mask: batch.mask, batch: b, tokens: t)
    }

    /// Word + position + token-type (all type 0) embeddings, layer-normalised: `[b, t, hidden]`.
    private func embeddings(_ batch: TokenBatch) throws -> Tensor {
        let (b, t) = (batch.count, batch.length)
        let words = try Gather(axis: 0, indices: batch.ids, indicesShape: [b, t]).forward([weights.wordEmbeddings])
        let positions = try Gather(axis: 0, indices: Array(0..<t)).forward([weights.positionEmbeddings])
        let types = try Gather(axis: 0, indices: [0]).forward([weights.tokenTypeEmbeddings])
        let sum = try add(add(words, positions), types)
        return try LayerNorm(axis: -1, epsilon: configuration.layerNormEpsilon)
            .forward([sum, weights.embeddingNorm.scale, weights.embeddingNorm.bias])
    }

    /// One post-norm transformer layer: self-attention, residual, LayerNorm, GELU feed-forward, residual, LayerNorm.
    private func transformerLayer(_ x: Tensor, _ layer: BertWeights.Layer, maskBias: Tensor, batch b: Int, tokens t: Int) throws -> Tensor {
        let c = configuration
        let (heads, d) = (c.heads, c.headSize)
        let norm = LayerNorm(axis: -1, epsilon: c.layerNormEpsilon)
        func splitHeads(_ y: Tensor) throws -> Tensor {   // [b, t, h] → [b, heads, t, d]
            try Transpose(permutation: [0, 2, 1, 3]).forward([y.reshaped([b, t, heads, d])])
        }
        let q = try splitHeads(linear(x, layer.query))
        let k = try splitHeads(linear(x, layer.key))
        let v = try splitHeads(linear(x, layer.value))
        let scale = Tensor(scalar: 1 / Float(d).squareRoot())
        let scores = try add(Elementwise(.mul).forward([MatMul(transposeB: true).forward([q, k]), scale]), maskBias)
        let probabilities = try Softmax(axis: -1).forward([scores])
        let context = try Transpose(permutation: [0, 2, 1, 3])
            .forward([MatMul().forward([probabilities, v])]).reshaped([b, t, c.hiddenSize])
        let attended = try norm.forward([add(linear(context, layer.attentionOutput), x),
                                         layer.attentionNorm.scale, layer.attentionNorm.bias])
        let inner = try DenseRows.apply(attended, weight: layer.intermediate.weight, bias: layer.intermediate.bias, gelu: true)
        return try norm.forward([add(linear(inner, layer.output), attended), layer.outputNorm.scale, layer.outputNorm.bias])
    }

    /// `x · Wᵀ + bias` for `x: [b, t, in]`, `W: [out, in]`.
    private func linear(_ x: Tensor, _ weights: BertWeights.Linear) throws -> Tensor {
        try DenseRows.apply(x, weight: weights.weight, bias: weights.bias)
    }

    private func add(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try Elementwise(.add).forward([a, b])
    }

    /// The mean over each sequence's real tokens, scaled to unit length: `[b, hidden]`.
    private func meanPooled(_ x: Tensor, mask: [Int], batch b: Int, tokens t: Int) -> Tensor {
        let h = configuration.hiddenSize
        var pooled = [Float](repeating: 0, count: b * h)
        for i in 0..<b {
            var sum = [Float](repeating: 0, count: h)
            var count: Float = 0
            for j in 0..<t where mask[i * t + j] == 1 {
                let base = (i * t + j) * h
                for k in 0..<h { sum[k] += x.scalars[base + k] }
                count += 1
            }
            let mean = sum.map { $0 / max(count, 1e-9) }
            let norm = max(mean.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
            for k in 0..<h { pooled[i * h + k] = mean[k] / norm }
        }
        return Tensor(shape: [b, h], scalars: pooled)
    }
}
