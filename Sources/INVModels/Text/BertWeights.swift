import INVEngine

/// The weights of a BERT encoder read from a HuggingFace safetensors state dict (names such as
/// `encoder.layer.0.attention.self.query.weight`; an optional `bert.` prefix is accepted). Linear
/// weights keep PyTorch's `[out, in]` layout and are applied with a transposed matrix product.
struct BertWeights: Sendable {
    struct Linear: Sendable {
        let weight: Tensor   // [out, in]
        let bias: Tensor     // [out]
    }
    struct Norm: Sendable {
        let scale: Tensor
        let bias: Tensor
    }
    struct Layer: Sendable {
        let query: Linear, key: Linear, value: Linear
        let attentionOutput: Linear
        let attentionNorm: Norm
        let intermediate: Linear
        let output: Linear
        let outputNorm: Norm
    }

    let wordEmbeddings: Tensor       // [vocabulary, hidden]
    let positionEmbeddings: Tensor   // [positions, hidden]
    let tokenTypeEmbeddings: Tensor  // [types, hidden]
    let embeddingNorm: Norm
    let layers: [Layer]

    init(file: SafetensorsFile, configuration c: BertConfiguration) throws {
        let prefix = file.entries["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        func tensor(_ name: String, _ shape: [Int]) throws -> Tensor { try file.tensor(prefix + name, shape: shape) }
        func linear(_ name: String, out: Int, in input: Int) throws -> Linear {
            Linear(weight: try tensor(name + ".weight", [out, input]), bias: try tensor(name + ".bias", [out]))
        }
        func norm(_ name: String) throws -> Norm {
            Norm(scale: try tensor(name + ".weight", [c.hiddenSize]), bias: try tensor(name + ".bias", [c.hiddenSize]))
        }
        let h = c.hiddenSize
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [c.vocabularySize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [c.maxPositions, h])
        tokenTypeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [c.tokenTypes, h])
        embeddingNorm = try norm("embeddings.LayerNorm")
        layers = try (0..<c.layers).map { i in
            let p = "encoder.layer.\(i)."
            return Layer(
                query: try linear(p + "attention.self.query", out: h, in: h),
                key: try linear(p + "attention.self.key", out: h, in: h),
                value: try linear(p + "attention.self.value", out: h, in: h),
                attentionOutput: try linear(p + "attention.output.dense", out: h, in: h),
                attentionNorm: try norm(p + "attention.output.LayerNorm"),
                intermediate: try linear(p + "intermediate.dense", out: c.intermediateSize, in: h),
                output: try linear(p + "output.dense", out: h, in: c.intermediateSize),
                outputNorm: try norm(p + "output.LayerNorm"))
        }
    }
}
