/// BERT's basic tokenizer for an uncased model (Devlin et al. 2019, §3; HuggingFace
/// `BertNormalizer(clean_text, handle_chinese_chars, lowercase)` + `BertPreTokenizer`), the
/// text-to-words step before WordPiece:
///
/// 1. drop NUL, U+FFFD and control characters; every whitespace character becomes a space;
/// 2. surround each CJK ideograph with spaces;
/// 3. NFD and drop nonspacing marks ("Café" → "Cafe"), then lowercase;
/// 4. split on whitespace, and make every punctuation character a word of its own.
public struct BasicTokenizer: Sendable {
    public init() {}

    /// The words of `text`, in order, e.g. `"Hello, Café!"` → `["hello", ",", "cafe", "!"]`.
    public func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || UnicodeScalarClass.isControl(scalar) { continue }
            if UnicodeScalarClass.isWhitespace(scalar) {
                flush()
                continue
            }
            if UnicodeScalarClass.isCJKIdeograph(scalar) {
                flush()
                words.append(String(String.UnicodeScalarView(UnicodeScalarClass.canonicalDecomposition(scalar))))
                continue
            }
            for part in UnicodeScalarClass.canonicalDecomposition(scalar) where !UnicodeScalarClass.isNonspacingMark(part) {
                let lower = UnicodeScalarClass.lowercased(part)
                if UnicodeScalarClass.isPunctuation(lower) {
                    flush()
                    words.append(String(Character(lower)))
                } else {
                    current.append(lower)
                }
            }
        }
        flush()
        return words
    }
}
