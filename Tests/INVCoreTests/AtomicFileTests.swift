import Foundation
import Testing
@testable import INVCore

@Suite struct AtomicFileTests {
    @Test func writesReplacesAndLeavesNoTemporaryFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("sub/result.json")
        try AtomicFile.writeJSON(["a": 1], to: url)
        try AtomicFile.writeJSON(["a": 2], to: url)
        #expect(try JSONDecoder().decode([String: Int].self, from: Data(contentsOf: url)) == ["a": 2])
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["result.json"])
    }

    @Test func unwritableTargetNamesThePath() {
        let url = URL(fileURLWithPath: "/proc/invkit-cannot-write/x.json")
        #expect { try AtomicFile.write(Data(), to: url) } throws: { error in
            "\(error)".contains("/proc/invkit-cannot-write")
        }
    }
}
