import Foundation

/// The tokenizer of uncased BERT models such as all-MiniLM-L6-v2: ``BasicTokenizer`` then
/// ``WordPiece``, framed as `[CLS] … [SEP]` and truncated to `maxLength` tokens (the special tokens
/// included), as HuggingFace `BertTokenizerFast(do_lower_case=True)` with `truncation=True` does.
public struct BertTokenizer: Sendable {
    public let basic: BasicTokenizer
    public let wordPiece: WordPiece
    public let classifierID: Int
    public let separatorID: Int
    public let paddingID: Int
    /// The longest encoding, `[CLS]` and `[SEP]` included (256 for all-MiniLM-L6-v2).
    public let maxLength: Int

    public init(vocabulary: WordPieceVocabulary, maxLength: Int = 256) throws {
        guard maxLength >= 2 else { throw TextError.sequenceLengthTooSmall(maxLength) }
        basic = BasicTokenizer()
        wordPiece = try WordPiece(vocabulary: vocabulary)
        classifierID = try vocabulary.requiredID(of: "[CLS]", source: "BERT vocabulary")
        separatorID = try vocabulary.requiredID(of: "[SEP]", source: "BERT vocabulary")
        paddingID = try vocabulary.requiredID(of: "[PAD]", source: "BERT vocabulary")
        self.maxLength = maxLength
    }

    /// Reads `vocab.txt` and builds the tokenizer.
    public init(vocabularyFile: URL, maxLength: Int = 256) throws {
        try self.init(vocabulary: try WordPieceVocabulary(contentsOf: vocabularyFile), maxLength: maxLength)
    }

    /// The ids of `text`: `[CLS]`, its WordPiece ids (cut after `maxLength − 2`), `[SEP]`.
    /// The empty string gives `[CLS] [SEP]`.
    public func encode(_ text: String) -> [Int] {
        var pieces: [Int] = []
        let budget = maxLength - 2
        for word in basic.words(text) {
            wordPiece.appendIDs(of: word, to: &pieces)
            if pieces.count >= budget { break }
        }
        return [classifierID] + pieces.prefix(budget) + [separatorID]
    }

    /// The texts encoded and right-padded to the longest one, with the attention mask.
    public func encodeBatch(_ texts: [String]) -> TokenBatch {
        TokenBatch(sequences: texts.map(encode), paddingID: paddingID)
    }
}

/// Token sequences padded on the right to a common length: `ids` and `mask` are `count × length`
/// row-major; `mask` is 1 on real tokens and 0 on padding.
public struct TokenBatch: Sendable, Equatable {
    public let count: Int
    public let length: Int
    public let ids: [Int]
    public let mask: [Int]

    public init(sequences: [[Int]], paddingID: Int) {
        count = sequences.count
        length = sequences.map(\.count).max() ?? 0
        var ids: [Int] = [], mask: [Int] = []
        ids.reserveCapacity(count * length)
        mask.reserveCapacity(count * length)
        for sequence in sequences {
            let padding = length - sequence.count
            ids += sequence + [Int](repeating: paddingID, count: padding)
            mask += [Int](repeating: 1, count: sequence.count) + [Int](repeating: 0, count: padding)
        }
        self.ids = ids
        self.mask = mask
    }

    /// The number of real (unpadded) tokens of sequence `i`.
    public func realLength(_ i: Int) -> Int { mask[(i * length)..<((i + 1) * length)].reduce(0, +) }
}
