import Foundation
import Testing
import INVPipeline
@testable import INVRunner

/// `inv run` killed with SIGKILL in the middle of a grid, then run again: exactly the expected set
/// of results, every JSON file parses, no temporary file is left behind.
@Suite struct KillResumeTests {
    /// The `inv` executable built beside the tests (`swift build --build-tests` builds it).
    static var executable: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/inv")
    }

    static func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func completed(_ root: URL) -> Int {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var n = 0
        while let url = enumerator?.nextObject() as? URL {
            if url.lastPathComponent == "anv.html" { n += 1 }
        }
        return n
    }

    @Test func killedRunResumesToExactlyTheExpectedResults() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build inv first: swift build --build-tests")
        let folder = TinyModel.temporaryFolder("kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try TinyModel.write(to: folder)
        let config = folder.appendingPathComponent("grid.yaml")
        try Data(RunnerTests.config(files, extra: "  seed: [0, 1, 2, 3]").utf8).write(to: config)
        let out = folder.appendingPathComponent("Results/tiny")
        let arguments = ["run", config.path, "--out", out.path]

        // 2 linkages × 4 seeds × 2 images = 16 items; kill once a few are done.
        let first = try Self.launch(arguments)
        let deadline = Date().addingTimeInterval(120)
        while Self.completed(out) < 3 && first.isRunning && Date() < deadline { usleep(5_000) }
        let killedMidway = first.isRunning
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let before = Self.completed(out)
        #expect(killedMidway && before < 16, "the run finished before it could be killed (\(before) items)")

        let second = try Self.launch(arguments)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)

        let experiment = try Experiment.load(file: config, plugins: testPlugins)
        let keys = try RunnerTests.plan(String(contentsOf: config, encoding: .utf8), folder: folder).points.flatMap { p in
            p.images.map { "points/\(p.point.id)/images/\($0.key)/anv.json" }
        }
        #expect(experiment.points.count == 8)
        let results = try RunnerTests.results(out)   // also checks that every JSON parses and no .tmp is left
        #expect(Set(results.keys) == Set(keys))
        let manifest = try JSONDecoder().decode(ManifestSummary.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json")))
        #expect(manifest.summary.resumed == before)
        #expect(manifest.summary.done == 16 - before)
    }

    private struct ManifestSummary: Decodable { var summary: Runner.Summary }
}
