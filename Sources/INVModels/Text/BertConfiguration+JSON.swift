import Foundation

extension BertConfiguration {
    /// Reads a HuggingFace `config.json` of a BERT model (`model_type` "bert", `hidden_act` "gelu").
    /// - Throws: ``ModelFetchError/unexpectedContent(path:reason:)`` naming the file and the key.
    public init(contentsOf url: URL) throws {
        func fail(_ reason: String) -> ModelFetchError { .unexpectedContent(path: url.path, reason: reason) }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
                throw fail("not a JSON object")
            }
            object = parsed
        } catch let error as ModelFetchError { throw error } catch {
            throw fail("unreadable BERT config: \(error.localizedDescription)")
        }
        if let type = object["model_type"] as? String, type != "bert" {
            throw fail("model_type is '\(type)'; only BERT encoders are supported")
        }
        if let activation = object["hidden_act"] as? String, activation != "gelu" {
            throw fail("hidden_act is '\(activation)'; only 'gelu' (erf) is supported")
        }
        func integer(_ key: String) throws -> Int {
            guard let value = object[key] as? Int, value > 0 else { throw fail("'\(key)' must be a positive integer") }
            return value
        }
        let epsilon = (object["layer_norm_eps"] as? Double) ?? 1e-12
        self.init(hiddenSize: try integer("hidden_size"), layers: try integer("num_hidden_layers"),
                  heads: try integer("num_attention_heads"), intermediateSize: try integer("intermediate_size"),
                  vocabularySize: try integer("vocab_size"), maxPositions: try integer("max_position_embeddings"),
                  tokenTypes: try integer("type_vocab_size"), layerNormEpsilon: Float(epsilon))
    }
}
