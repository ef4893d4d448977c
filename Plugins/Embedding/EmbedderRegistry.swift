import INVCore

extension PluginFamily where Product == any LabelEmbedder {
    /// Every built-in label embedder; the first is the default. Making `minilm` loads (and on
    /// first use fetches) its weights, so build it only when labels are to be embedded.
    public static var builtInLabelEmbedders: PluginFamily<any LabelEmbedder> {
        PluginFamily("label embedder", [
            .init(MiniLMEmbedder.self) { $0 },
            .init(HashingEmbedder.self) { $0 },
        ])
    }
}
