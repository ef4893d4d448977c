import ArgumentParser
import Foundation
import INVCore

/// `inv embed TEXT…`: the label embedding of each text as JSON, for scripts and for checking.
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print the label embedding of each text as JSON ({\"embedder\", \"dimensions\", \"embeddings\": [{\"text\", \"vector\"}]}).")

    @Argument(help: "The texts to embed.")
    var texts: [String]

    @Option(help: "A label-embedder plugin (see `inv plugins label-embedder`).")
    var embedder = "minilm"

    func run() throws {
        let plugin = try Registries.standard.labelEmbedders.make(PluginSpec(embedder))
        let vectors = try plugin.embed(texts)
        let rows = texts.indices.map { i in
            ["text": texts[i], "vector": vectors.row(i).map { Double(Float($0)) }] as [String: Any]
        }
        let document: [String: Any] = ["embedder": embedder, "dimensions": vectors.columns, "embeddings": rows]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
