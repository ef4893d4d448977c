import Foundation
import Testing
@testable import INVModels

/// The expectations written by Golden/make_legacy_checkpoint.py beside legacy_checkpoint.pth.
private struct LegacyCheckpointGolden: Decodable {
    struct Entry: Decodable {
        let name: String
        let shape: [Int]
        let storage_type: String
        let values: [Float]
    }
    let tensors: [Entry]
}

@Suite struct TorchLegacyCheckpointTests {
    let fixture = goldenDirectory.appendingPathComponent("legacy_checkpoint.pth")

    @Test func readsEveryTensorOfTheTorchWrittenFixture() throws {
        let golden = try JSONDecoder().decode(
            LegacyCheckpointGolden.self, from: Data(contentsOf: goldenDirectory.appendingPathComponent("legacy_checkpoint.json")))
        let stateDict = try TorchLegacyCheckpoint.load(contentsOf: fixture)
        #expect(stateDict.names == golden.tensors.map(\.name))
        for (entry, expected) in zip(stateDict.entries, golden.tensors) {
            #expect(entry.tensor.shape == expected.shape, "\(expected.name): shape")
            #expect(entry.storageType.rawValue == expected.storage_type, "\(expected.name): storage type")
            // Exact: every value is a Float32 (or converts to one exactly) on both sides.
            expectClose(entry.tensor.scalars, expected.values, atol: 0, "\(expected.name)")
        }
    }

    @Test func everyTruncationIsAnErrorNamingTheFile() throws {
        let bytes = [UInt8](try Data(contentsOf: fixture))
        for length in 0..<bytes.count {
            do {
                _ = try TorchLegacyCheckpoint.parse(bytes: Array(bytes.prefix(length)), source: "cut.pth")
                Issue.record("a checkpoint cut to \(length) of \(bytes.count) bytes was accepted")
            } catch let error as TorchCheckpointError {
                #expect(error.source == "cut.pth")
            }
        }
    }

    @Test func zipArchivesAndForeignPicklesAreRejectedWithTheReason() throws {
        let zip = try #require(throws: TorchCheckpointError.self) {
            try TorchLegacyCheckpoint.parse(bytes: [0x50, 0x4B, 0x03, 0x04, 0, 0], source: "new.pth")
        }
        #expect(zip.description.hasPrefix("new.pth: byte 0: not a legacy (pre-1.6) PyTorch checkpoint: it is a zip archive"))
        let plain = try #require(throws: TorchCheckpointError.self) {
            try TorchLegacyCheckpoint.parse(bytes: [0x80, 0x02, 0x4B, 0x01, 0x2E], source: "one.pkl")
        }
        #expect(plain.description == "one.pkl: byte 0: not a legacy (pre-1.6) PyTorch checkpoint: "
                    + "the first pickle is int 1, not the magic number 0x1950a86a20f9469cfc6c")
    }

    @Test func aStorageCountThatDisagreesWithThePickleIsReported() throws {
        var bytes = [UInt8](try Data(contentsOf: fixture))
        // The first storage header follows the key-list pickle; bump its element count by one.
        var reader = ByteReader(bytes: bytes, source: "fixture")
        for _ in 0..<5 { _ = try PickleMachine.load(from: &reader) }
        bytes[reader.offset] &+= 1
        let error = try #require(throws: TorchCheckpointError.self) {
            try TorchLegacyCheckpoint.parse(bytes: bytes, source: "edited.pth")
        }
        guard case .storageMismatch(_, let reason) = error.problem else {
            Issue.record("expected a storage mismatch, got \(error)")
            return
        }
        #expect(reason.contains("the pickle declares"))
    }
}
