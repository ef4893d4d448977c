/// Turns short texts (crowd labels such as "church roof") into vectors whose cosine similarity
/// measures closeness of meaning, for grouping synonyms (thesis §3.5; the paper's Sentence-BERT
/// processing). Plugins: a BERT sentence encoder (`minilm`) and a cheap `hashing` baseline.
public protocol LabelEmbedder: Plugin {
    /// One row per text, in order: `texts.count × dimensions`, each row of unit length
    /// (a row of zeros when a text has nothing to embed, e.g. the hashing baseline on "").
    func embed(_ texts: [String]) throws -> Matrix
}
