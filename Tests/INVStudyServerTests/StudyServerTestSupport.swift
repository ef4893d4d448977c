import Foundation
import Hummingbird
import HummingbirdTesting
import INVCore
import INVImaging
import INVReveal
import INVStudy
import INVStudyFixtures
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

/// A test browser: keeps the cookies the server sets and sends the CSRF header.
final class StudyBrowser: @unchecked Sendable {
    var cookies: [String: String] = [:]
    var csrf = ""
    let client: any TestClientProtocol

    init(_ client: any TestClientProtocol) { self.client = client }

    struct Reply {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        /// Hummingbird's error body: `{"error": {"message": …}}`.
        var message: String { (json["error"] as? [String: Any])?["message"] as? String ?? "" }
        var state: [String: Any] { json["state"] as? [String: Any] ?? json }
    }

    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, json: Any? = nil, csrf sendCSRF: Bool = true, headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if sendCSRF, !csrf.isEmpty { headers[WebSecurity.csrfHeader] = csrf }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        for field in response.headers[values: .setCookie] {
            let parts = (field.split(separator: ";").first ?? "").split(separator: "=", maxSplits: 1).map(String.init)
            guard let name = parts.first else { continue }
            let value = parts.count == 2 ? parts[1] : ""
            if value.isEmpty || field.contains("Max-Age=0") { cookies.removeValue(forKey: name) } else { cookies[name] = value }
        }
        let reply = Reply(status: response.status, headers: response.headers, body: Data(response.body.readableBytesView))
        if let token = reply.json["csrf"] as? String { csrf = token }
        return reply
    }

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
