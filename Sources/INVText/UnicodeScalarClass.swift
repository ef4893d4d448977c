import CUTF8Proc

/// The Unicode facts BERT's basic tokenizer needs, read from utf8proc (categories, canonical
/// decomposition, simple lowercase) plus the `White_Space` property, which utf8proc does not expose.
///
/// The definitions follow HuggingFace `tokenizers` (`BertNormalizer`, `BertPreTokenizer`), which is
/// what sentence-transformers runs: "control" is category Cc/Cf/Cn/Co/Cs except tab, newline and
/// carriage return; "punctuation" is any ASCII punctuation or category Pc/Pd/Pe/Pf/Pi/Po/Ps.
enum UnicodeScalarClass {
    /// The utf8proc general category of `scalar`.
    static func category(_ scalar: Unicode.Scalar) -> utf8proc_category_t {
        utf8proc_category(utf8proc_int32_t(scalar.value))
    }

    /// `White_Space` (Unicode PropList), the set Rust's `char::is_whitespace` tests.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// BERT's "control": other-category characters except `\t`, `\n`, `\r` (these count as whitespace).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        default: break
        }
        switch category(scalar) {
        case UTF8PROC_CATEGORY_CC, UTF8PROC_CATEGORY_CF, UTF8PROC_CATEGORY_CN, UTF8PROC_CATEGORY_CO, UTF8PROC_CATEGORY_CS:
            return true
        default:
            return false
        }
    }

    /// BERT's punctuation: all ASCII punctuation (so `$`, `+`, `^`, `` ` `` … too) and Unicode P* categories.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (0x21...0x2F).contains(v) || (0x3A...0x40).contains(v) || (0x5B...0x60).contains(v) || (0x7B...0x7E).contains(v) {
            return true
        }
        switch category(scalar) {
        case UTF8PROC_CATEGORY_PC, UTF8PROC_CATEGORY_PD, UTF8PROC_CATEGORY_PS, UTF8PROC_CATEGORY_PE,
             UTF8PROC_CATEGORY_PI, UTF8PROC_CATEGORY_PF, UTF8PROC_CATEGORY_PO:
            return true
        default:
            return false
        }
    }

    /// A nonspacing combining mark (category Mn), removed when stripping accents.
    static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool {
        category(scalar) == UTF8PROC_CATEGORY_MN
    }

    /// The CJK ideograph blocks that BERT surrounds with spaces, so each ideograph is its own word
    /// (the ranges of HuggingFace `tokenizers`' `is_chinese_char`).
    static func isCJKIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// The canonical decomposition (NFD) of one scalar, e.g. "é" → "e" + U+0301; Hangul syllables
    /// decompose into jamo. A scalar without a decomposition is returned alone.
    static func canonicalDecomposition(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        var buffer = [utf8proc_int32_t](repeating: 0, count: 8)
        var lastBoundClass: Int32 = 0
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            utf8proc_decompose_char(utf8proc_int32_t(scalar.value), pointer.baseAddress, pointer.count,
                                    UTF8PROC_DECOMPOSE, &lastBoundClass)
        }
        guard count > 0, count <= buffer.count else { return [scalar] }
        return buffer[0..<count].compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }
    }

    /// The simple lowercase mapping of `scalar` ("A" → "a"; unchanged when it has none).
    static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        Unicode.Scalar(UInt32(bitPattern: utf8proc_tolower(utf8proc_int32_t(scalar.value)))) ?? scalar
    }
}
