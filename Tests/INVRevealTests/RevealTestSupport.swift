import Foundation
import Hummingbird
import HummingbirdTesting
import INVCore
import INVImaging
@testable import INVReveal
import INVWebTestSupport

/// A small synthetic run: `imageCount` images of 32×32 random pixels, each with two layers of two
/// 4×4 cluster maps, over 20 classes; image i has class i, and the model is surest of image 0.
enum RevealFixture {
    static let classNames = (0..<20).map { String(format: "class%02d", $0) }

    static func dataset(imageCount: Int = 8, run: String = "run-a") throws -> RevealDataset {
        var rng = SeededRandom(seed: 7)
        let images = try (0..<imageCount).map { i -> RevealDataset.ImageEntry in
            let pixels = (0..<(3 * 32 * 32)).map { _ in Float(rng.uniform() * 255) }
            let png = try Image(width: 32, height: 32, channels: 3, pixels: pixels).encoded(.png)
            let maps = (0..<2).flatMap { l in
                (0..<2).map { c in
                    RevealDataset.ClusterMapEntry(layer: "layer\(l)", layerIndex: l, cluster: c, weight: 1 - Double(c) * 0.3,
                                                  width: 4, height: 4, values: (0..<16).map { _ in Float(rng.uniform()) })
                }
            }
            return RevealDataset.ImageEntry(run: run, name: "img\(i).png", classIndex: i, probability: i == 0 ? 0.99 : 0.5,
                                            png: png, maps: maps)
        }
        return RevealDataset(classNames: classNames, images: images)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reveal-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func config(in directory: URL, _ edit: (inout RevealConfig) -> Void = { _ in }) -> RevealConfig {
        var config = RevealConfig(adminPassword: "admin-password-123")
        config.bcryptCost = 4
        config.seed = 42
        config.mailbox = directory.appendingPathComponent("outbox.jsonl").path
        edit(&config)
        return config
    }

    /// Runs `body` with a server over a new database of `backend` holding ``dataset(imageCount:run:)``,
    /// and the test's directory (mailbox, files); the store is closed (and dropped) afterwards.
    static func withServer<T>(_ backend: RevealBackend, imageCount: Int = 8, _ edit: (inout RevealConfig) -> Void = { _ in },
                              _ body: (RevealServer, any GameStore, URL) async throws -> T) async throws -> T {
        let directory = try temporaryDirectory()
        let config = config(in: directory, edit)
        return try await backend.withStores(in: directory) { stores in
            _ = try await stores[0].importDataset(try dataset(imageCount: imageCount))
            let server = try await RevealServer(store: stores[0], config: config)
            return try await body(server, stores[0], directory)
        }
    }
}

/// The shared test browser (cookies, CSRF token), with the game's steps.
typealias Browser = TestBrowser

extension TestBrowser {
    /// GET /api/session, then POST /api/guest.
    func playAsGuest() async throws {
        try await send(.get, "/api/session")
        let reply = try await send(.post, "/api/guest")
        guard reply.status == .ok else { throw RevealError.store("guest login failed: \(reply.status) \(reply.text)") }
    }

    func register(_ username: String, password: String = "correct horse battery", email: String? = nil) async throws -> Reply {
        try await send(.get, "/api/session")
        return try await send(.post, "/api/register", json: ["username": username, "email": email ?? "\(username)@example.org", "password": password])
    }

    func startGame() async throws -> [String: Any] {
        let reply = try await send(.post, "/api/games")
        guard reply.status == .ok else { throw RevealError.store("start failed: \(reply.status) \(reply.text)") }
        return reply.json
    }

    /// Answers the current game with the option at `pick` (or a resignation) and these tags.
    func answer(_ game: [String: Any], choice: Int?, tags: [String] = ["stripes"], language: String = "en") async throws -> Reply {
        try await answer(id: game["id"] as! String, choice: choice, tags: tags, language: language)
    }

    /// Answers the game with this id.
    func answer(id: String, choice: Int?, tags: [String] = ["stripes"], language: String = "en") async throws -> Reply {
        var body: [String: Any] = ["tags": tags, "language": language]
        if let choice { body["choice"] = choice } else { body["resign"] = true }
        return try await send(.post, "/api/games/\(id)/answer", json: body)
    }
}

/// The correct class of a game, read from the database (the client never sees it before answering).
func correctClass(_ store: any GameStore, _ gameID: String) async throws -> Int {
    try await StoreInspection.correctClass(store, gameID)
}

func optionIndices(_ game: [String: Any]) -> [Int] {
    (game["options"] as? [[String: Any]] ?? []).compactMap { $0["index"] as? Int }
}
