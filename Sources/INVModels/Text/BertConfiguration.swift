/// The shape of a BERT encoder (Devlin et al. 2019) as in HuggingFace `BertConfig`.
public struct BertConfiguration: Sendable, Equatable {
    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var intermediateSize: Int
    public var vocabularySize: Int
    public var maxPositions: Int
    public var tokenTypes: Int
    public var layerNormEpsilon: Float

    public init(hiddenSize: Int, layers: Int, heads: Int, intermediateSize: Int, vocabularySize: Int,
                maxPositions: Int, tokenTypes: Int, layerNormEpsilon: Float) {
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.heads = heads
        self.intermediateSize = intermediateSize
        self.vocabularySize = vocabularySize
        self.maxPositions = maxPositions
        self.tokenTypes = tokenTypes
        self.layerNormEpsilon = layerNormEpsilon
    }

    /// all-MiniLM-L6-v2 (Wang et al. 2020, MiniLM; Reimers & Gurevych 2019, Sentence-BERT):
    /// hidden 384, 6 layers, 12 heads of 32, intermediate 1536, vocabulary 30522, 512 positions.
    public static let miniLML6 = BertConfiguration(
        hiddenSize: 384, layers: 6, heads: 12, intermediateSize: 1536, vocabularySize: 30522,
        maxPositions: 512, tokenTypes: 2, layerNormEpsilon: 1e-12)

    /// The width of one attention head.
    public var headSize: Int { hiddenSize / heads }
}
