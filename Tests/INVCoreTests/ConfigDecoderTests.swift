import Testing
@testable import INVCore

private struct TSNEParameters: Codable, Sendable, DefaultConstructible, Equatable {
    var perplexity: Double = 30
    var iterations: Int = 1000
    var metric: String = "euclidean"
    var ks: [Int] = [3, 4]
    enum CodingKeys: String, CodingKey, CaseIterable { case perplexity, iterations, metric, ks }
}

private struct FakeReducer: Reducer {
    static let name = "fake-tsne"
    static let summary = "A test double standing in for a reducer."
    let parameters: TSNEParameters
    init(parameters: TSNEParameters) { self.parameters = parameters }
    func reduce(_ x: Matrix, seed: UInt64) throws -> Matrix { x }
}

@Suite struct ConfigDecoderTests {
    let family = PluginFamily<any Reducer>("reducer", [.init(FakeReducer.self) { $0 }])

    @Test func defaultsFillMissingKeysAndOverridesApply() throws {
        let reducer = try family.make(PluginSpec("fake-tsne", ["perplexity": .int(10)])) as! FakeReducer
        #expect(reducer.parameters == TSNEParameters(perplexity: 10))
    }

    @Test func unknownKeyNamesPathAllowedKeysAndSuggestion() {
        #expect(throws: ConfigError(path: "inv.reducers[1].perplexty",
                                    message: "unknown key 'perplexty'; allowed keys: plugin, iterations, ks, metric, perplexity. Did you mean 'perplexity'?")) {
            try family.make(PluginSpec("fake-tsne", ["perplexty": .int(10)]),
                            path: [AnyKey("inv"), AnyKey("reducers"), IndexKey(1)])
        }
    }

    @Test func wrongTypeNamesExpectedType() {
        #expect(throws: ConfigError(path: "iterations", message: "expected an integer, got a number '2.5'")) {
            try family.make(PluginSpec("fake-tsne", ["iterations": .double(2.5)]))
        }
        #expect(throws: ConfigError(path: "ks[1]", message: "expected an integer, got a string 'x'")) {
            try family.make(PluginSpec("fake-tsne", ["ks": .array([.int(1), .string("x")])]))
        }
    }

    @Test func unknownPluginListsFamily() {
        #expect(throws: ConfigError(path: "inv.reducer", message: "unknown reducer 'fake-tnse'; available: fake-tsne. Did you mean 'fake-tsne'?")) {
            try family.make(PluginSpec("fake-tnse"), path: [AnyKey("inv"), AnyKey("reducer")])
        }
    }

    @Test func suggestionsRankByEditDistance() {
        #expect(suggestions(for: "wrd", among: ["ward", "average", "single"]) == ["ward"])
        #expect(suggestions(for: "zzzzzz", among: ["ward"]).isEmpty)
    }

    @Test func seededRandomIsReproducible() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
        var u = SeededRandom(seed: 1)
        let mean = (0..<10000).map { _ in u.uniform() }.reduce(0, +) / 10000
        #expect(abs(mean - 0.5) < 0.02)
    }
}
