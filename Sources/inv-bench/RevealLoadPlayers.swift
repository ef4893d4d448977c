import Foundation
import Hummingbird
import HummingbirdTesting
import INVCore
import NIOCore

/// One load phase: `players` guests on their own keep-alive connection (guest i to `ports[i % count]`), each playing games until
/// the deadline (start → mask → 0–2 hints with their masks → answer with a unique tag), pausing
/// a random think time between requests.
struct LoadPhase: Sendable {
    static let gameKinds = ["start", "mask", "reveal", "answer"]
    let players: Int
    let seconds: Double
    let ports: [Int]
    let tagPrefix: String
    /// Mean pause between a player's requests (each pause is uniform in 0.5–1.5 × this).
    let thinkMilliseconds: Double
    /// Players arrive evenly over this many seconds (player i after i / players of it), not all at once.
    var rampSeconds = 0.0

    struct Result: Sendable {
        var latencies: [String: [Double]] = [:]
        var acknowledged: [String] = []
        var failures = 0
        var elapsed = 0.0

        mutating func merge(_ other: Result) {
            for (kind, values) in other.latencies { latencies[kind, default: []] += values }
            acknowledged += other.acknowledged
            failures += other.failures
        }

        func percentile(_ q: Double, of kinds: [String]) -> Double {
            let values = kinds.flatMap { latencies[$0] ?? [] }.sorted()
            guard !values.isEmpty else { return .nan }
            return values[min(values.count - 1, Int((q * Double(values.count)).rounded(.up)) - 1)]
        }

        func report(title: String) {
            let requests = latencies.values.reduce(0) { $0 + $1.count }
            print("\(title): \(requests) requests in \(String(format: "%.1f", elapsed)) s = \(String(format: "%.0f", Double(requests) / elapsed)) req/s; "
                  + "\(acknowledged.count) answers = \(String(format: "%.1f", Double(acknowledged.count) / elapsed)) answers/s; \(failures) failed")
            print("  kind       count    p50 ms   p90 ms   p99 ms   max ms")
            for kind in ["account"] + LoadPhase.gameKinds + ["all game requests"] {
                let kinds = kind == "all game requests" ? LoadPhase.gameKinds : [kind]
                let count = kinds.reduce(0) { $0 + (latencies[$1]?.count ?? 0) }
                guard count > 0 else { continue }
                print(String(format: "  %-18@ %6d %8.1f %8.1f %8.1f %8.1f", kind as NSString, count, percentile(0.5, of: kinds),
                             percentile(0.9, of: kinds), percentile(0.99, of: kinds), percentile(1, of: kinds)))
            }
        }
    }

    func run() async throws -> Result {
        let started = ContinuousClock.now
        let deadline = started + .seconds(seconds)
        var total = Result()
        await withTaskGroup(of: Result.self) { group in
            for i in 0..<players {
                group.addTask { await SimulatedPlayer(index: i, port: ports[i % ports.count], tagPrefix: tagPrefix, think: thinkMilliseconds,
                                                 arrival: rampSeconds * Double(i) / Double(players)).play(until: deadline) }
            }
            for await result in group { total.merge(result) }
        }
        let elapsed = ContinuousClock.now - started
        total.elapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return total
    }
}

/// A guest who plays as fast as its think time allows, keeping its cookies and CSRF token.
struct SimulatedPlayer: Sendable {
    let index: Int
    let port: Int
    let tagPrefix: String
    let think: Double
    /// Seconds after the phase starts when this player opens the game.
    let arrival: Double

    func play(until deadline: ContinuousClock.Instant) async -> LoadPhase.Result {
        var result = LoadPhase.Result()
        var rng = SeededRandom(seed: UInt64(index) &* 7919 &+ UInt64(tagPrefix.count))
        try? await Task.sleep(for: .seconds(arrival))
        let client = TestClient(host: "127.0.0.1", port: port)
        client.connect()
        do {
            var session = Session()
            _ = try await session.send(client, .get, "/api/session", kind: "account", into: &result)
            _ = try await session.send(client, .post, "/api/guest", kind: "account", into: &result)
            var played = 0
            while ContinuousClock.now < deadline {
                let (status, game) = try await session.send(client, .post, "/api/games", kind: "start", into: &result)
                guard status == .ok, let id = game["id"] as? String, let options = game["options"] as? [[String: Any]] else { break }
                _ = try await session.send(client, .get, "/api/games/\(id)/mask?level=0", kind: "mask", into: &result)
                for level in stride(from: 1, through: Int.random(in: 0...2, using: &rng), by: 1) {
                    try await pause(&rng)
                    _ = try await session.send(client, .post, "/api/games/\(id)/reveal", kind: "reveal", into: &result)
                    _ = try await session.send(client, .get, "/api/games/\(id)/mask?level=\(level)", kind: "mask", into: &result)
                }
                try await pause(&rng)
                let tag = "\(tagPrefix)-p\(index)-g\(played)"
                let choice = options.randomElement(using: &rng)?["index"] as? Int ?? 0
                let (answered, _) = try await session.send(client, .post, "/api/games/\(id)/answer", kind: "answer", into: &result,
                                                           json: ["choice": choice, "tags": [tag], "language": "en"])
                if answered == .ok { result.acknowledged.append(tag) } else { result.failures += 1 }
                played += 1
                try await pause(&rng)
            }
        } catch {
            result.failures += 1
        }
        try? await client.shutdown()
        return result
    }

    private func pause(_ rng: inout SeededRandom) async throws {
        try await Task.sleep(for: .milliseconds(Int(think * (0.5 + rng.uniform()))))
    }
}

/// Cookies and CSRF token of one simulated browser.
struct Session {
    var cookies: [String: String] = [:]
    var csrf = ""

    mutating func send(_ client: TestClient, _ method: HTTPRequest.Method, _ uri: String, kind: String, into result: inout LoadPhase.Result,
                       json: [String: Any]? = nil) async throws -> (HTTPResponse.Status, [String: Any]) {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if !csrf.isEmpty { headers[HTTPFields.Element.Name("X-CSRF-Token")!] = csrf }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        }
        let started = ContinuousClock.now
        let response = try await client.execute(TestClient.Request(uri, method: method, headers: headers, body: body))
        let elapsed = ContinuousClock.now - started
        result.latencies[kind, default: []].append(Double(elapsed.components.attoseconds) * 1e-15 + Double(elapsed.components.seconds) * 1000)
        for field in response.headers[values: .setCookie] {
            let pair = field.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, !parts[1].isEmpty { cookies[parts[0]] = parts[1] }
        }
        var parsed: [String: Any] = [:]
        if response.headers[.contentType]?.hasPrefix("application/json") == true {
            parsed = (try? JSONSerialization.jsonObject(with: Data((response.body ?? ByteBuffer()).readableBytesView))) as? [String: Any] ?? [:]
            if let token = parsed["csrf"] as? String { csrf = token }
        }
        return (response.status, parsed)
    }
}

/// Reads the labels back through the admin export and compares them with the acknowledged answers.
enum ExportCheck {
    struct Outcome {
        var ok: Bool
        var summary: String
    }

    static func verify(port: Int, acknowledged: [String], prefix: String, exact: Bool) async throws -> Outcome {
        let text = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            var session = Session()
            var ignored = LoadPhase.Result()
            _ = try await session.send(client, .get, "/api/session", kind: "admin", into: &ignored)
            _ = try await session.send(client, .post, "/admin/api/login", kind: "admin", into: &ignored, json: ["password": "load-test-admin-password"])
            var headers: HTTPFields = [.cookie: session.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
            headers[.accept] = "application/x-ndjson"
            let response = try await client.execute(TestClient.Request("/admin/export?format=jsonl&untrusted=true", method: .get, headers: headers))
            return String(buffer: response.body ?? ByteBuffer())
        }
        let labels = try LabelRecordFile.decode(text, format: .jsonl, path: "export").map(\.text).filter { $0.hasPrefix(prefix + "-") }
        var counts: [String: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        let missing = acknowledged.filter { counts[$0] == nil }
        let duplicated = counts.filter { $0.value > 1 }.count
        let unacknowledged = labels.count - acknowledged.count + missing.count
        let ok = missing.isEmpty && duplicated == 0 && (!exact || unacknowledged == 0)
        return Outcome(ok: ok, summary: "\(labels.count) labels stored for \(acknowledged.count) acknowledged answers: \(missing.count) lost, "
                       + "\(duplicated) duplicated, \(unacknowledged) stored but not acknowledged (in flight at the kill)")
    }
}
