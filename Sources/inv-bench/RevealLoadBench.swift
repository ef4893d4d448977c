import ArgumentParser
import Foundation
import HummingbirdTesting
import INVCore
import INVImaging
import INVReveal
#if canImport(Glibc)
import Glibc
#endif

/// `inv-bench reveal`: the Deep Reveal load test (issue 9, "Load"). Starts `inv reveal serve` on
/// loopback over a fresh SQLite database (or `--servers` processes over one PostgreSQL database,
/// `--postgres`), lets `--players` simulated guests play concurrently for `--seconds` (start, masks,
/// hints, answer with a unique tag; player i talks to server i mod `--servers`), then checks through
/// the admin export that every acknowledged answer is there exactly once. A second phase SIGKILLs
/// every server halfway through the load, restarts them and checks every acknowledged answer again.
struct RevealLoadBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reveal",
        abstract: "Load-test the Deep Reveal server: throughput, latency percentiles, no lost or duplicated answers, SIGKILL durability.")

    @Option(help: "Simulated players playing at once.")
    var players = 200
    @Option(help: "Mean think time of a player between two requests, in ms (each pause uniform in 0.5–1.5 × this). People look at a masked image for seconds, so 1000 is a fast player; 100 is a stress test.")
    var thinkMs = 1000.0
    @Option(help: "Players arrive evenly over this many seconds at the start of each phase (0: all at once, a cold-start burst).")
    var rampSeconds = 5.0
    @Option(help: "Seconds each phase runs.")
    var seconds = 20.0
    @Option(help: "Synthetic images (224×224, 3 layers × 4 cluster maps each) when no --db is given.")
    var images = 60
    @Option(help: "An imported game database to load-test (copied; the original is not touched).")
    var db: String?
    @Option(help: "A PostgreSQL database (postgres://user:password@host:port/database) to load-test instead of a SQLite file; the synthetic run is imported into it and the bench's games stay there.")
    var postgres: String?
    @Option(help: "Server processes sharing the database, on --port, --port + 1, …")
    var servers = 1
    @Option(help: "The inv executable (default: the one beside inv-bench).")
    var inv: String?
    @Option(help: "Loopback port for the server.")
    var port = 18_181
    @Option(help: "p99 limit of the game requests in ms; the bench fails above it.")
    var p99Limit = 100.0
    @Option(help: "Where the database, config and server log go (default: a temporary directory).")
    var workDirectory: String?
    @Option(help: "Only write the synthetic game database to this path and exit (for Scripts/reveal-browser-test.sh).")
    var syntheticDb: String?

    func validate() throws {
        guard rampSeconds >= 0, rampSeconds < seconds else { throw ValidationError("--ramp-seconds: expected 0 ≤ ramp < --seconds (\(seconds)), got \(rampSeconds)") }
        guard thinkMs >= 0 else { throw ValidationError("--think-ms: expected a duration ≥ 0, got \(thinkMs)") }
        guard servers >= 1 else { throw ValidationError("--servers: expected at least 1, got \(servers)") }
        if postgres != nil, db != nil { throw ValidationError("--db and --postgres: give one database, not both") }
        if let postgres, !PostgresURL.matches(postgres) { throw ValidationError("--postgres: expected postgres://…, got '\(PostgresURL.redacting(postgres))'") }
    }

    func run() throws {
        if let syntheticDb {
            let summary = try blocking { try await SQLiteGameStore(path: syntheticDb).importDataset(try SyntheticRun.dataset(images: images)) }
            print("\(syntheticDb): \(summary)")
            return
        }
        let ok = try blocking { try await self.measure() }
        if !ok { throw ExitCode.failure }
    }

    func measure() async throws -> Bool {
        let directory = URL(fileURLWithPath: workDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("reveal-load-\(getpid())").path)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let location = try await prepareDatabase(in: directory)
        let config = directory.appendingPathComponent("reveal.json")
        try Data(#"{"adminPassword": "load-test-admin-password", "bcryptCost": 4, "mailbox": "\#(directory.path)/outbox.jsonl"}"#.utf8).write(to: config)
        let executable = inv ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("inv").path
        let ports = (0..<servers).map { port + $0 }
        let processes = ports.map { port in
            ServerProcess(executable: executable, arguments: ["reveal", "serve", "--db", location.url, "--config", config.path, "--port", String(port)],
                          log: directory.appendingPathComponent(ports.count == 1 ? "server.log" : "server-\(port).log"))
        }
        // Tags unique to this run, so that a reused PostgreSQL database's earlier labels are not counted.
        let run = postgres == nil ? "" : String(UInt32.random(in: .min ... .max), radix: 36)
        let steadyPrefix = "steady\(run)", killPrefix = "kill\(run)"

        print("Deep Reveal load test: \(players) players over loopback thinking \(thinkMs) ms on average between requests, arriving over \(rampSeconds) s, \(seconds) s per phase, \(servers) server process(es), database \(location.shown)")
        for (process, port) in zip(processes, ports) { try await process.start(port: port) }
        let steady = try await LoadPhase(players: players, seconds: seconds, ports: ports, tagPrefix: steadyPrefix, thinkMilliseconds: thinkMs, rampSeconds: rampSeconds).run()
        steady.report(title: "phase 1 (steady)")
        let steadyCheck = try await ExportCheck.verify(port: port, acknowledged: steady.acknowledged, prefix: steadyPrefix, exact: true)
        print("  export: \(steadyCheck.summary)")

        let killAt = seconds / 2
        let phase = LoadPhase(players: players, seconds: seconds, ports: ports, tagPrefix: killPrefix, thinkMilliseconds: thinkMs, rampSeconds: rampSeconds)
        async let killed: Void = {
            try? await Task.sleep(for: .seconds(killAt))
            for process in processes { process.kill() }
        }()
        let crash = try await phase.run()
        await killed
        print("phase 2: SIGKILL after \(killAt) s: \(crash.acknowledged.count) answers acknowledged before the kill, \(crash.failures) requests failed by it")
        for (process, port) in zip(processes, ports) { try await process.start(port: port) }
        let crashCheck = try await ExportCheck.verify(port: port, acknowledged: crash.acknowledged, prefix: killPrefix, exact: false)
        print("  after restart: \(crashCheck.summary)")
        for process in processes { process.kill() }

        let p99 = steady.percentile(0.99, of: LoadPhase.gameKinds)
        let pass = steadyCheck.ok && crashCheck.ok && p99 < p99Limit && steady.failures == 0
        print(pass ? "PASS" : "FAIL", "(game-request p99 \(String(format: "%.1f", p99)) ms, limit \(p99Limit) ms)")
        return pass
    }

    /// The `--db` of the servers, holding the synthetic run (or a copy of `--db`), and how to print it.
    private func prepareDatabase(in directory: URL) async throws -> (url: String, shown: String) {
        if let postgres {
            let url = try PostgresURL(parsing: postgres)
            let store = try await PostgresGameStore(url: url, maximumConnections: 2)
            do {
                _ = try await store.importDataset(try SyntheticRun.dataset(images: images))
                await store.close()
            } catch {
                await store.close()
                throw error
            }
            return (postgres, url.description)
        }
        let database = directory.appendingPathComponent("reveal.sqlite")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
        if let db {
            try FileManager.default.copyItem(atPath: db, toPath: database.path)
        } else {
            _ = try await SQLiteGameStore(path: database.path).importDataset(try SyntheticRun.dataset(images: images))
        }
        return ("sqlite:\(database.path)", database.path)
    }
}

/// The `inv reveal serve` child process.
final class ServerProcess: @unchecked Sendable {
    let executable: String
    let arguments: [String]
    let log: URL
    private var process: Process?

    init(executable: String, arguments: [String], log: URL) {
        self.executable = executable
        self.arguments = arguments
        self.log = log
    }

    func start(port: Int) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !FileManager.default.fileExists(atPath: log.path) { FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let up = try? await TestClient.withClient(host: "127.0.0.1", port: port) { client in try await client.get("/healthz").status == .ok }
            if up == true { return }
            guard process.isRunning else { throw ValidationError("inv reveal serve exited: see \(log.path)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ValidationError("the server did not answer on port \(port) within 30 s: see \(log.path)")
    }

    /// SIGKILL: no shutdown handler runs, nothing is flushed.
    func kill() {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A synthetic run shaped like EfficientNet-Lite0's: 224×224 pictures (smooth blobs, so JPEG sizes
/// are photo-like), 3 layers of 4 cluster maps at 28², 14² and 7², 1000 classes.
enum SyntheticRun {
    static func dataset(images: Int) throws -> RevealDataset {
        var rng = SeededRandom(seed: 2026)
        let side = 224
        let entries = try (0..<images).map { i -> RevealDataset.ImageEntry in
            let cx = rng.uniform() * Double(side), cy = rng.uniform() * Double(side), radius = 30 + rng.uniform() * 60
            let tint = (0..<3).map { _ in rng.uniform() * 255 }
            var pixels = [Float](repeating: 0, count: 3 * side * side)
            for c in 0..<3 {
                for y in 0..<side {
                    for x in 0..<side {
                        let d = ((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)).squareRoot()
                        let inside = d < radius ? tint[c] : Double(x + y) / Double(2 * side) * 200
                        pixels[c * side * side + y * side + x] = Float(inside)
                    }
                }
            }
            let png = try Image(width: side, height: side, channels: 3, pixels: pixels).encoded(.png)
            let maps = [28, 14, 7].enumerated().flatMap { l, n in
                (0..<4).map { c in
                    RevealDataset.ClusterMapEntry(layer: "layer\(l)", layerIndex: l, cluster: c, weight: 1 / Double(c + 1), width: n, height: n,
                                                  values: (0..<(n * n)).map { _ in Float(rng.uniform()) })
                }
            }
            return RevealDataset.ImageEntry(run: "synthetic", name: "image\(i).png", classIndex: (i * 37) % 1000, probability: 0.5 + 0.4 * rng.uniform(),
                                            png: png, maps: maps)
        }
        return RevealDataset(classNames: (0..<1000).map { "class \($0)" }, images: entries)
    }
}
