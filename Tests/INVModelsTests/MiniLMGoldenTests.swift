import Foundation
import INVEngine
import INVText
import Testing
@testable import INVModels

/// Golden/minilm_golden.json, written by Golden/make_minilm_golden.py (sentence-transformers 2.7.0).
private struct MiniLMGolden: Decodable {
    struct Tokens: Decodable {
        let text: String
        let ids: [Int]
    }
    struct Embedding: Decodable {
        let text: String
        let first8: [Float]
        let vector: [Float]
    }
    let max_seq_length: Int
    let tokens: [Tokens]
    let embeddings: [Embedding]

    static func load() throws -> MiniLMGolden {
        try JSONDecoder().decode(MiniLMGolden.self, from: Data(contentsOf: goldenDirectory.appendingPathComponent("minilm_golden.json")))
    }
}

/// The cached all-MiniLM-L6-v2 folder, fetched when allowed; nil (with a printed notice) when not.
func preparedMiniLM() throws -> URL? {
    do {
        return try MiniLMZoo.prepare(cache: .standard(), fetch: ModelCache.fetchingAllowed())
    } catch ModelFetchError.fetchDisabled(let missing) {
        print("SKIPPED: all-MiniLM-L6-v2 needs \(missing), and INV_FETCH=0 forbids fetching it")
        return nil
    }
}

@Suite(.serialized) struct MiniLMGoldenTests {
    /// Token ids equal HuggingFace's fast BERT tokenizer on accents, punctuation, CJK, Hangul,
    /// emoji, control characters, over-long words, the empty string and a text cut at 256 tokens.
    @Test func tokenIDsMatchTheReferenceTokenizer() throws {
        guard let folder = try preparedMiniLM() else { return }
        let golden = try MiniLMGolden.load()
        let tokenizer = try BertTokenizer(vocabularyFile: folder.appendingPathComponent("vocab.txt"), maxLength: golden.max_seq_length)
        for case_ in golden.tokens {
            let ids = tokenizer.encode(case_.text)
            let firstDifference = zip(ids, case_.ids).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            #expect(ids == case_.ids, """
                "\(case_.text.prefix(60))": \(ids.count) ids, expected \(case_.ids.count); first difference at \
                \(firstDifference.map(String.init) ?? "the end")
                """)
        }
    }

    /// Embeddings agree with sentence-transformers: cosine ≥ 0.9999 and max |Δ| ≤ 1e-4 per dimension.
    @Test func embeddingsMatchSentenceTransformers() throws {
        guard let folder = try preparedMiniLM() else { return }
        let golden = try MiniLMGolden.load()
        let encoder = try MiniLMEncoder(directory: folder, maxLength: golden.max_seq_length)
        let embedded = try encoder.embed(golden.embeddings.map(\.text))
        let h = encoder.configuration.hiddenSize
        #expect(embedded.shape == [golden.embeddings.count, h])
        for (i, reference) in golden.embeddings.enumerated() {
            let row = Array(embedded.scalars[(i * h)..<((i + 1) * h)])
            let cosine = zip(row, reference.vector).reduce(0) { $0 + Double($1.0) * Double($1.1) }
                / (norm(row) * norm(reference.vector))
            #expect(cosine >= 0.9999, "\"\(reference.text.prefix(40))\": cosine \(cosine)")
            expectClose(row, reference.vector, atol: 1e-4, "\"\(reference.text.prefix(40))\" embedding")
            expectClose(Array(row.prefix(8)), reference.first8, atol: 1e-4, "\"\(reference.text.prefix(40))\" first 8")
        }
    }

    /// Padding a text inside a batch does not change its embedding.
    @Test func batchingDoesNotChangeEmbeddings() throws {
        guard let folder = try preparedMiniLM() else { return }
        var encoder = try MiniLMEncoder(directory: folder)
        let texts = ["grass", "a red kite flying over the beach", "dog muzzle"]
        let together = try encoder.embed(texts)
        encoder.batchSize = 1
        let alone = try encoder.embed(texts)
        expectClose(together.scalars, alone.scalars, atol: 1e-5, "batched vs one at a time")
    }

    private func norm(_ v: [Float]) -> Double {
        v.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
    }
}
