import Foundation
import Hummingbird
import HummingbirdTesting
import INVCore
import INVImaging
import INVReveal
import INVStudy
import INVStudyFixtures
import INVWebTestSupport
import Synchronization
@testable import INVStudyServer

/// A built study over a small fake run (laid out as `inv run` writes it): `imageCount` images, INV and
/// three baselines, 64-pixel panels.
enum StudyFixture {
    static let methods = ["inv", "grad-cam", "lime", "kernel-shap"]

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("study-server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func makeRun(in root: URL, imageCount: Int) throws {
        try StudyRunFixture.write(to: root, images: (0..<imageCount).map { String(format: "image%02d-%08x", $0, $0 + 1) },
                                  baselines: Array(methods.dropFirst()))
    }

    /// Builds the study (`participants`, the given extra config keys) and opens its store.
    static func study(imageCount: Int = 4, participants: Int = 4, seed: Int = 1, extra: [String: ConfigValue] = [:]) throws -> (BuiltStudy, StudyStore, URL) {
        let root = try temporaryDirectory()
        try makeRun(in: root.appendingPathComponent("run"), imageCount: imageCount)
        var keys: [String: ConfigValue] = ["results": .string(root.appendingPathComponent("run").path), "participants": .int(participants),
                                           "seed": .int(seed), "panel-size": .int(64), "methods": .array(methods.map { .string($0) })]
        keys.merge(extra) { $1 }
        let layout = StudyLayout(root: root.appendingPathComponent("study"))
        _ = try StimulusBuilder.build(try StudyConfig.decode(.object(keys)), into: layout)
        let study = try BuiltStudy(layout: layout)
        let store = try StudyStore(path: root.appendingPathComponent("answers.sqlite").path, design: try StudyServer.designHash(study), synchronous: .normal)
        return (study, store, root)
    }
}

/// The server's clock in a test: starts at a fixed date and moves only when told.
final class TestClock: Sendable {
    private let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    func now() -> Date { time.withLock { $0 } }
    func advance(_ seconds: Double) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// The shared test browser (cookies, CSRF token), with a participant's steps.
typealias StudyBrowser = TestBrowser

extension TestBrowser.Reply {
    /// A participant's state: the reply's `state` object, or the reply itself when it is one.
    var state: [String: Any] { json["state"] as? [String: Any] ?? json }
}

extension TestBrowser {
    /// GET /api/session, then POST /api/enter (with `pid`, or for a generated code).
    @discardableResult
    func enter(pid: String?, language: String = "en") async throws -> Reply {
        try await send(.get, "/api/session")
        var body: [String: Any] = ["language": language]
        if let pid { body["pid"] = pid }
        return try await send(.post, "/api/enter", json: body)
    }

    @discardableResult
    func consent(language: String = "en") async throws -> Reply { try await send(.post, "/api/consent", json: ["agree": true, "language": language]) }

    /// GET /api/trial: the next trial's view.
    func trial(language: String = "en") async throws -> [String: Any] {
        let reply = try await send(.get, "/api/trial?lang=\(language)")
        guard reply.status == .ok else { throw StudyServerError.store("trial: \(reply.status) \(reply.text)") }
        return reply.json
    }

    func answer(_ trial: Int, ratings: [String: Int], attention: Int? = nil, comment: String? = nil, seconds: Double) async throws -> Reply {
        var body: [String: Any] = ["ratings": ratings, "seconds": seconds]
        if let attention { body["attention"] = attention }
        if let comment { body["comment"] = comment }
        return try await send(.post, "/api/trials/\(trial)/answer", json: body)
    }

    func questionnaire(sus: [Int] = Array(repeating: 3, count: 10), tlx: [String: Int]? = nil) async throws -> Reply {
        try await send(.post, "/api/questionnaire", json: ["sus": sus, "tlx": tlx ?? Dictionary(uniqueKeysWithValues: Questionnaire.tlxScales.map { ($0, 40) })])
    }
}
