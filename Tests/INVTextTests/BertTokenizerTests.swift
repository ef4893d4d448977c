import Testing
@testable import INVText

/// A tiny vocabulary in which every decision of the tokenizer can be worked out by hand.
private func tinyTokenizer(maxLength: Int = 256) throws -> BertTokenizer {
    let tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "cafe", "!", ",", "北", "##s", "dog", "'", "s",
                  "straße"]
    return try BertTokenizer(vocabulary: try WordPieceVocabulary(tokens: tokens), maxLength: maxLength)
}

@Suite("BERT basic tokenizer and WordPiece")
struct BertTokenizerTests {
    @Test func basicTokenizerLowercasesStripsAccentsAndSplitsPunctuation() {
        #expect(BasicTokenizer().words("Hello, CAFÉ!") == ["hello", ",", "cafe", "!"])
        #expect(BasicTokenizer().words("naïve\tRésumé\u{00A0}x") == ["naive", "resume", "x"])
    }

    @Test func controlCharactersVanishAndWhitespaceSplits() {
        #expect(BasicTokenizer().words("a\u{0007}b\u{200B}c d\u{2028}e") == ["abc", "d", "e"])
        #expect(BasicTokenizer().words("  \n\t ").isEmpty)
        #expect(BasicTokenizer().words("").isEmpty)
    }

    @Test func cjkIdeographsAreWordsOfTheirOwn() {
        #expect(BasicTokenizer().words("北京is") == ["北", "京", "is"])
    }

    @Test func asciiSymbolsArePunctuation() {
        #expect(BasicTokenizer().words("a$b+c^d") == ["a", "$", "b", "+", "c", "^", "d"])
    }

    @Test func wordPieceIsGreedyLongestMatch() throws {
        let tokenizer = try tinyTokenizer()
        #expect(tokenizer.encode("unaffable") == [2, 4, 5, 6, 3])
        #expect(tokenizer.encode("Café!") == [2, 7, 8, 3])
        #expect(tokenizer.encode("dog's") == [2, 12, 13, 14, 3])
    }

    @Test func uncoverableOrOverlongWordsBecomeUnknown() throws {
        let tokenizer = try tinyTokenizer()
        #expect(tokenizer.encode("unaffablex dog") == [2, 1, 12, 3])
        #expect(tokenizer.encode(String(repeating: "un", count: 51)) == [2, 1, 3])
        #expect(tokenizer.encode("北京") == [2, 10, 1, 3])
    }

    @Test func emptyTextIsClsSep() throws {
        #expect(try tinyTokenizer().encode("") == [2, 3])
    }

    @Test func truncationKeepsSpecialTokens() throws {
        let tokenizer = try tinyTokenizer(maxLength: 5)
        #expect(tokenizer.encode("dog dog dog dog dog") == [2, 12, 12, 12, 3])
        #expect(tokenizer.encode("unaffable unaffable") == [2, 4, 5, 6, 3])
    }

    @Test func batchIsRightPaddedWithMask() throws {
        let batch = try tinyTokenizer().encodeBatch(["dog", "unaffable", ""])
        #expect(batch.length == 5)
        #expect(batch.ids == [2, 12, 3, 0, 0, 2, 4, 5, 6, 3, 2, 3, 0, 0, 0])
        #expect(batch.mask == [1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0])
        #expect(batch.realLength(0) == 3)
    }

    @Test func badVocabulariesAreReported() throws {
        #expect(throws: TextError.duplicateToken("vocabulary", token: "a", firstID: 0, secondID: 1)) {
            try WordPieceVocabulary(tokens: ["a", "a"])
        }
        #expect(throws: TextError.missingSpecialToken("BERT vocabulary", token: "[CLS]")) {
            try BertTokenizer(vocabulary: try WordPieceVocabulary(tokens: ["[UNK]", "[SEP]", "[PAD]"]))
        }
        #expect(throws: TextError.sequenceLengthTooSmall(1)) {
            try BertTokenizer(vocabulary: try WordPieceVocabulary(tokens: ["[UNK]"]), maxLength: 1)
        }
    }
}
