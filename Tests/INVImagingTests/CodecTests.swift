import Foundation
import Testing
@testable import INVImaging

@Suite("PNG and JPEG decoding and encoding")
struct CodecTests {
    static let fixtures = (try? Golden.load(Golden.Decode.self, from: "decode.json").fixtures) ?? []

    @Test("fixtures decode to the pixels Pillow wrote (PNG exact, JPEG as Pillow decodes it)",
          arguments: fixtures.map(\.file))
    func decodesFixture(file: String) throws {
        let fixture = try #require(Self.fixtures.first { $0.file == file })
        let image = try Image(contentsOf: Golden.url(file))
        #expect(image.width == fixture.width && image.height == fixture.height && image.channels == fixture.channels,
                "\(file): got \(image), expected \(fixture.width) x \(fixture.height) with \(fixture.channels) channels")
        expectClose(image.pixels, fixture.pixels, tolerance: fixture.tolerance + 1e-4, file)
    }

    @Test("PNG encode → decode is exact for grey, RGB and RGBA", arguments: [1, 3, 4])
    func pngRoundTrip(channels: Int) throws {
        let image = randomImage(width: 13, height: 7, channels: channels, seed: UInt64(channels))
        let decoded = try Image.decode(image.encoded(.png), name: "round-trip.png")
        #expect(decoded.channels == channels)
        expectClose(decoded.pixels, image.pixels, tolerance: 0, "PNG round trip, \(channels) channels")
    }

    @Test("PNG encoding rounds to the nearest integer and clamps to 0...255")
    func pngRoundsAndClamps() throws {
        let image = try Image(width: 4, height: 1, channels: 1, pixels: [12.4, 12.6, -3, 300])
        let decoded = try Image.decode(image.encoded(.png), name: "rounding.png")
        expectClose(decoded.pixels, [12, 13, 0, 255], tolerance: 0, "rounded samples")
    }

    @Test("JPEG encode → decode stays close at quality 95 (grey and RGB)", arguments: [1, 3])
    func jpegRoundTrip(channels: Int) throws {
        let image = smoothImage(width: 32, height: 24, channels: channels)
        let decoded = try Image.decode(image.encoded(.jpeg(quality: 95)), name: "round-trip.jpg")
        #expect(decoded.channels == channels && decoded.width == 32 && decoded.height == 24)
        // Measured: largest difference 1.0 for grey and RGB.
        let largest = expectClose(decoded.pixels, image.pixels, tolerance: 2, "JPEG round trip, \(channels) channels")
        let meanError = zip(decoded.pixels, image.pixels).map { abs($0 - $1) }.reduce(0, +) / Float(image.pixels.count)
        #expect(meanError < 0.5, "mean |error| \(meanError), largest \(largest)")
    }

    @Test("JPEG drops alpha when encoding RGBA")
    func jpegDropsAlpha() throws {
        let rgba = randomImage(width: 8, height: 8, channels: 4, seed: 9)
        let decoded = try Image.decode(rgba.encoded(.jpeg(quality: 90)), name: "rgba.jpg")
        #expect(decoded.channels == 3)
    }

    @Test("a JPEG with trailing garbage decodes like the clean file")
    func jpegTrailingGarbage() throws {
        let clean = try Data(contentsOf: Golden.url("rgb.jpg"))
        let reference = try Image.decode(clean, name: "rgb.jpg")
        let garbage = Data((0..<500).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        let decoded = try Image.decode(clean + garbage, name: "trailing.jpg")
        expectClose(decoded.pixels, reference.pixels, tolerance: 0, "JPEG with trailing garbage")
    }

    @Test("a truncated JPEG is an error naming the file, not the end of the process",
          arguments: ["rgb.jpg", "rgb_progressive.jpg", "cmyk.jpg"])
    func jpegTruncated(file: String) throws {
        let data = try Data(contentsOf: Golden.url(file))
        for length in [3, 40, data.count / 2, data.count - 2] {
            let error = try expectImageError { try Image.decode(data.prefix(length), name: "cut-\(file)") }
            guard case .corruptData(let name, .jpeg, let message)? = error else {
                Issue.record("\(file) cut at \(length): expected corruptData, got \(String(describing: error))")
                continue
            }
            #expect(name == "cut-\(file)" && !message.isEmpty)
            #expect(error?.description.contains("cut-\(file)") == true)
        }
    }

    @Test("libjpeg's own message is reported for a file that is cut after its header")
    func jpegPrematureEnd() throws {
        let data = try Data(contentsOf: Golden.url("rgb.jpg"))
        let error = try expectImageError { try Image.decode(data.prefix(data.count / 2), name: "half.jpg") }
        #expect(error == .corruptData(name: "half.jpg", format: .jpeg, message: "Premature end of JPEG file"))
    }

    @Test("a JPEG signature followed by garbage is an error")
    func jpegGarbage() throws {
        let data = Data([0xFF, 0xD8, 0xFF] + (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 91 &+ 7) })
        let error = try expectImageError { try Image.decode(data, name: "garbage.jpg") }
        guard case .corruptData("garbage.jpg", .jpeg, _)? = error else {
            Issue.record("expected corruptData, got \(String(describing: error))")
            return
        }
    }

    @Test("a truncated or damaged PNG is an error with libpng's message")
    func pngCorrupt() throws {
        let data = try Data(contentsOf: Golden.url("rgb8.png"))
        let truncated = try expectImageError { try Image.decode(data.prefix(data.count - 30), name: "cut.png") }
        #expect(truncated == .corruptData(name: "cut.png", format: .png, message: "unexpected end of data (truncated file)"))
        var damaged = data
        damaged[20] ^= 0xFF  // inside IHDR: its CRC no longer matches
        let crc = try expectImageError { try Image.decode(damaged, name: "crc.png") }
        #expect(crc == .corruptData(name: "crc.png", format: .png, message: "IHDR: CRC error"))
    }

    @Test("every truncation and random byte damage of a file decodes or throws ImageError, never crashes",
          arguments: ["rgb8.png", "palette_trns.png", "rgb.jpg", "rgb_progressive.jpg", "cmyk.jpg"])
    func survivesDamage(file: String) throws {
        let data = try Data(contentsOf: Golden.url(file))
        var state: UInt64 = 0x5EED
        func random() -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state >> 1)
        }
        var damaged: [Data] = []
        for _ in 0..<300 {
            var copy = data
            for _ in 0...(random() % 3) { copy[random() % copy.count] = UInt8(truncatingIfNeeded: random()) }
            damaged.append(copy)
        }
        var decodedPrefixLengths: [Int] = []
        for length in 0..<data.count where (try? Image.decode(data.prefix(length), name: file)) != nil {
            decodedPrefixLengths.append(length)
        }
        for input in damaged {
            do {
                _ = try Image.decode(input, name: file)
            } catch is ImageError {}
        }
        // Only the trailer may be missing: PNG's 12-byte IEND chunk, JPEG's 2-byte EOI marker.
        let trailer = file.hasSuffix(".png") ? 12 : 2
        #expect(decodedPrefixLengths.allSatisfy { $0 >= data.count - trailer },
                "\(file) (\(data.count) bytes): prefixes that decoded: \(decodedPrefixLengths)")
    }

    @Test("unknown data and missing files are errors naming the file")
    func unknownAndMissing() throws {
        let gif = Data("GIF89a....".utf8)
        #expect(try expectImageError { try Image.decode(gif, name: "anim.gif") }
                == .unknownFormat(name: "anim.gif", leadingBytes: "47 49 46 38 39 61 2E 2E"))
        #expect(try expectImageError { try Image.decode(Data(), name: "empty.png") }
                == .unknownFormat(name: "empty.png", leadingBytes: ""))
        let missing = Golden.url("no-such-file.png")
        #expect(try expectImageError { try Image(contentsOf: missing) } == .fileNotFound(path: missing.path))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inv-imaging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let garbageFile = directory.appendingPathComponent("photo.jpg")
        try Data((0..<64).map { UInt8($0) }).write(to: garbageFile)
        let error = try expectImageError { try Image(contentsOf: garbageFile) }
        #expect(error?.description.hasPrefix(garbageFile.path) == true, "\(String(describing: error))")
    }

    @Test("write(to:) picks the format from the extension and refuses unknown ones")
    func writeByExtension() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inv-imaging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = smoothImage(width: 16, height: 16, channels: 3)
        for (name, format) in [("a.png", ImageFormat.png), ("b.JPG", .jpeg), ("c.jpeg", .jpeg)] {
            let url = directory.appendingPathComponent(name)
            try image.write(to: url)
            #expect(ImageFormat(detecting: try Data(contentsOf: url)) == format, "\(name)")
        }
        let tiff = directory.appendingPathComponent("d.tiff")
        guard case .invalidArgument? = try expectImageError({ try image.write(to: tiff) }) else {
            Issue.record("expected invalidArgument for .tiff")
            return
        }
        #expect(try expectImageError { try image.encoded(.jpeg(quality: 0)) }
                == .invalidArgument(operation: "JPEG encoding", message: "quality 0 is not in 1...100"))
    }
}

/// Runs `body`, which must throw an `ImageError`, and returns the error (nil after recording an issue).
func expectImageError(_ body: () throws -> some Any, sourceLocation: SourceLocation = #_sourceLocation) throws -> ImageError? {
    do {
        _ = try body()
        Issue.record("expected an ImageError, but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as ImageError {
        return error
    }
}

/// Deterministic noise in 0...255 (integers, so that 8-bit codecs can reproduce it exactly).
func randomImage(width: Int, height: Int, channels: Int, seed: UInt64) -> Image {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    let pixels = (0..<(width * height * channels)).map { _ -> Float in
        state ^= state << 13; state ^= state >> 7; state ^= state << 17  // xorshift64
        return Float(state % 256)
    }
    return Image(checkedWidth: width, height: height, channels: channels, pixels: pixels)
}

/// Smooth gradients (JPEG-friendly), integer-valued.
func smoothImage(width: Int, height: Int, channels: Int) -> Image {
    var pixels = [Float]()
    for c in 0..<channels {
        for y in 0..<height {
            for x in 0..<width {
                let value = 40 + 150 * Float(x) / Float(width) + 50 * Float(y) / Float(height) + 10 * Float(c)
                pixels.append(value.rounded())
            }
        }
    }
    return Image(checkedWidth: width, height: height, channels: channels, pixels: pixels)
}
