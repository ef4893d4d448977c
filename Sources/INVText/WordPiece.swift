/// Greedy longest-match-first WordPiece (Wu et al. 2016, §4.1; BERT's `WordpieceTokenizer`): a
/// word is cut into the longest vocabulary prefix, then the longest `##`-prefixed continuation, and
/// so on; a word that cannot be covered entirely, or that is longer than `maxCharactersPerWord`
/// Unicode scalars, becomes the single unknown token.
public struct WordPiece: Sendable {
    public let vocabulary: WordPieceVocabulary
    public let unknownID: Int
    public let continuationPrefix: String
    public let maxCharactersPerWord: Int

    public init(vocabulary: WordPieceVocabulary, unknownToken: String = "[UNK]", continuationPrefix: String = "##",
                maxCharactersPerWord: Int = 100) throws {
        self.vocabulary = vocabulary
        self.unknownID = try vocabulary.requiredID(of: unknownToken, source: "WordPiece vocabulary")
        self.continuationPrefix = continuationPrefix
        self.maxCharactersPerWord = maxCharactersPerWord
    }

    /// The token ids of one word (already normalised by ``BasicTokenizer``), appended to `ids`.
    public func appendIDs(of word: String, to ids: inout [Int]) {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count <= maxCharactersPerWord else {
            ids.append(unknownID)
            return
        }
        var pieces: [Int] = []
        var start = 0
        while start < scalars.count {
            var end = scalars.count
            var found: Int?
            while start < end {
                var candidate = String(String.UnicodeScalarView(scalars[start..<end]))
                if start > 0 { candidate = continuationPrefix + candidate }
                if let id = vocabulary.id(of: candidate) {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.append(unknownID)
                return
            }
            pieces.append(id)
            start = end
        }
        ids.append(contentsOf: pieces)
    }
}
