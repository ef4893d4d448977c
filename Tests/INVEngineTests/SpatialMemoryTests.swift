import Foundation
import Testing
@testable import INVEngine

/// Resident set size from `/proc/self/statm` (Linux), in bytes.
func residentBytes() throws -> Int {
    let fields = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8).split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { throw CocoaError(.fileReadCorruptFile) }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

@Suite("Spatial: memory")
struct SpatialMemoryTests {
    @Test("1,000 forward/backward passes of a conv net leave resident memory flat",
          .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/statm")))
    func residentMemoryIsFlat() throws {
        let net = TinyNet(channels: 16, seed: 1)
        var random = TestRandom(seed: 2)
        let x = random.tensor([2, 3, 32, 32])
        let seed = Tensor(shape: [2, 5], scalars: [1, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        func pass() throws -> Float {
            try withTape { tape in
                let input = tape.variable(x)
                let logits = try net.logits(input, on: tape)
                return try tape.gradients(of: logits, seed: seed, withRespectTo: [input])[0].scalars[0]
            }
        }
        // Each pass records about 130 KB of activations on its tape: keeping the tapes alive would
        // add ~130 MB over the loop (checked by hand), four times the bound.
        let first = try pass()
        for _ in 0..<50 { _ = try pass() }
        let warm = try residentBytes()
        var last = first
        for _ in 0..<1000 { last = try pass() }
        let growth = try residentBytes() - warm
        #expect(growth < 32 << 20, "resident memory grew by \(growth >> 10) KiB over 1,000 passes")
        #expect(last.bitPattern == first.bitPattern, "the 1,000th pass differs from the first: \(last) vs \(first)")
    }
}
