import Foundation
import Testing
@testable import INVModels

@Suite struct BertConfigurationTests {
    private func write(_ json: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bert-config-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        return url
    }

    @Test func readsHuggingFaceConfig() throws {
        let url = try write("""
            {"model_type": "bert", "hidden_act": "gelu", "hidden_size": 384, "num_hidden_layers": 6,
             "num_attention_heads": 12, "intermediate_size": 1536, "vocab_size": 30522,
             "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12}
            """)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try BertConfiguration(contentsOf: url) == .miniLML6)
    }

    @Test func rejectsOtherArchitecturesAndMissingKeys() throws {
        let mpnet = try write(#"{"model_type": "mpnet", "hidden_size": 768}"#)
        let relu = try write(#"{"model_type": "bert", "hidden_act": "relu"}"#)
        let partial = try write(#"{"model_type": "bert", "hidden_size": 384}"#)
        defer { for url in [mpnet, relu, partial] { try? FileManager.default.removeItem(at: url) } }
        #expect(throws: ModelFetchError.unexpectedContent(path: mpnet.path, reason: "model_type is 'mpnet'; only BERT encoders are supported")) {
            try BertConfiguration(contentsOf: mpnet)
        }
        #expect(throws: ModelFetchError.unexpectedContent(path: relu.path, reason: "hidden_act is 'relu'; only 'gelu' (erf) is supported")) {
            try BertConfiguration(contentsOf: relu)
        }
        #expect(throws: ModelFetchError.unexpectedContent(path: partial.path, reason: "'num_hidden_layers' must be a positive integer")) {
            try BertConfiguration(contentsOf: partial)
        }
    }
}
