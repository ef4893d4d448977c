import Foundation

/// A WordPiece vocabulary: `vocab.txt`, one token per line, the line number (from 0) being its id.
/// Continuation pieces carry the `##` prefix.
public struct WordPieceVocabulary: Sendable {
    /// The tokens by id.
    public let tokens: [String]
    private let ids: [String: Int]

    /// A vocabulary from its tokens in id order.
    /// - Throws: ``TextError/duplicateToken(_:token:firstID:secondID:)`` when a token appears twice.
    public init(tokens: [String], source: String = "vocabulary") throws {
        var ids: [String: Int] = [:]
        ids.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() {
            if let first = ids[token] { throw TextError.duplicateToken(source, token: token, firstID: first, secondID: id) }
            ids[token] = id
        }
        self.tokens = tokens
        self.ids = ids
    }

    /// Reads `vocab.txt` (UTF-8, `\n` or `\r\n` line ends; a final newline is optional).
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TextError.unreadableVocabulary(url.path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TextError.unreadableVocabulary(url.path, reason: "not UTF-8")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else { throw TextError.unreadableVocabulary(url.path, reason: "no tokens") }
        try self.init(tokens: lines, source: url.path)
    }

    public var count: Int { tokens.count }

    /// The id of `token`, or nil when it is not in the vocabulary.
    public func id(of token: String) -> Int? { ids[token] }

    /// The id of a token that must exist (the special tokens).
    func requiredID(of token: String, source: String) throws -> Int {
        guard let id = ids[token] else { throw TextError.missingSpecialToken(source, token: token) }
        return id
    }
}
