/// Why a tokenizer could not be built.
public enum TextError: Error, CustomStringConvertible, Equatable {
    /// The vocabulary file cannot be read or is empty.
    case unreadableVocabulary(String, reason: String)
    /// A token appears on two lines of the vocabulary.
    case duplicateToken(String, token: String, firstID: Int, secondID: Int)
    /// A special token (`[CLS]`, `[SEP]`, `[UNK]`, `[PAD]`) is not in the vocabulary.
    case missingSpecialToken(String, token: String)
    /// The maximum sequence length cannot hold `[CLS]` and `[SEP]`.
    case sequenceLengthTooSmall(Int)

    public var description: String {
        switch self {
        case .unreadableVocabulary(let path, let reason):
            return "\(path): cannot read the WordPiece vocabulary: \(reason)"
        case .duplicateToken(let source, let token, let first, let second):
            return "\(source): token '\(token)' appears at ids \(first) and \(second)"
        case .missingSpecialToken(let source, let token):
            return "\(source): the special token \(token) is missing"
        case .sequenceLengthTooSmall(let length):
            return "maximum sequence length \(length) is too small: it must hold [CLS] and [SEP] (at least 2)"
        }
    }
}
