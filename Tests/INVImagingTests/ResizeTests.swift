import Testing
@testable import INVImaging

@Suite("Resize, crop and map upsampling")
struct ResizeTests {
    static let golden = try? Golden.load(Golden.Resize.self, from: "resize.json")

    static var caseNames: [String] {
        (golden?.cases ?? []).map { "\($0.filter) \($0.width)x\($0.height)" }
    }

    @Test("FloatMap.resized matches PIL.Image.resize in float mode F (the algorithm without rounding or clamping)",
          arguments: caseNames)
    func matchesPillowFloat(name: String) throws {
        let (source, golden) = try Self.resizeCase(name)
        let filter = try #require(ResampleFilter(rawValue: golden.filter))
        let resized = try (0..<source.channels).flatMap { c in
            try FloatMap(width: source.width, height: source.height, values: Array(source.plane(c)))
                .resized(width: golden.width, height: golden.height, filter: filter).values
        }
        // Measured: ≤ 9.2e-5 on values up to 255 (Float accumulation vs Pillow's double, and the
        // 7 significant digits of the golden file).
        expectClose(resized, golden.float, tolerance: 2e-4, "\(name) vs PIL mode F")
    }

    @Test("is within 1/255 of PIL.Image.resize on 8-bit RGB (Pillow rounds after each pass)", arguments: caseNames)
    func matchesPillowBytes(name: String) throws {
        let (source, golden) = try Self.resizeCase(name)
        let resized = try source.resized(width: golden.width, height: golden.height, filter: #require(ResampleFilter(rawValue: golden.filter)))
        // Measured: ≤ 0.90 over all cases (bicubic 5x4); Pillow rounds to integers after each pass.
        expectClose(resized.pixels, golden.uint8, tolerance: 1.0, "\(name) vs PIL RGB")
    }

    @Test("bilinear map enlargement matches PIL and the half-pixel formula")
    func upsamplesMap() throws {
        let golden = try Golden.load(Golden.Upsample.self, from: "upsample.json")
        let map = try golden.map.map()
        let up = try map.resized(width: golden.upsampled.width, height: golden.upsampled.height)
        expectClose(up.values, golden.upsampled.values, tolerance: 1e-6, "7x7 → 24x20 vs PIL bilinear")
        expectClose(up.values, halfPixelBilinear(map, width: 24, height: 20), tolerance: 1e-6, "vs half-pixel formula")
    }

    @Test("a 7×7 heatmap enlarged to 224×224 follows the half-pixel formula")
    func upsamplesHeatmapTo224() throws {
        let map = try FloatMap(width: 7, height: 7, values: (0..<49).map { Float(($0 * 17) % 11) / 10 })
        let up = try map.resized(width: 224, height: 224)
        expectClose(up.values, halfPixelBilinear(map, width: 224, height: 224), tolerance: 1e-6, "7x7 → 224x224")
    }

    @Test("constant images stay constant and same-size resizing is the identity", arguments: ResampleFilter.allCases)
    func preservesConstantsAndIdentity(filter: ResampleFilter) throws {
        let flat = try Image(width: 9, height: 5, filledWith: [10, 100, 250])
        for (w, h) in [(3, 2), (20, 11), (9, 5)] {
            let resized = try flat.resized(width: w, height: h, filter: filter)
            expectClose(resized.pixels, try Image(width: w, height: h, filledWith: [10, 100, 250]).pixels,
                        tolerance: 1e-4, "constant image to \(w)x\(h)")
        }
        let noise = randomImage(width: 6, height: 4, channels: 3, seed: 3)
        expectClose(try noise.resized(width: 6, height: 4, filter: filter).pixels, noise.pixels, tolerance: 0, "identity")
    }

    @Test("resizeShortSide keeps the aspect ratio like torchvision.transforms.Resize")
    func resizesShortSide() throws {
        let landscape = randomImage(width: 640, height: 427, channels: 3, seed: 1)
        let a = try landscape.resizeShortSide(to: 256)
        #expect(a.width == 383 && a.height == 256, "\(a)")  // int(256 * 640 / 427) = 383
        let portrait = randomImage(width: 300, height: 500, channels: 1, seed: 2)
        let b = try portrait.resizeShortSide(to: 224, filter: .bilinear)
        #expect(b.width == 224 && b.height == 373, "\(b)")  // int(224 * 500 / 300) = 373
    }

    @Test("centerCrop places the window like torchvision.transforms.CenterCrop (round half to even)")
    func centerCrops() throws {
        let image = try Image(width: 7, height: 6, channels: 1, pixels: (0..<42).map(Float.init))
        // Margins: left round(5 / 2) = round(2.5) = 2, top round(3 / 2) = round(1.5) = 2.
        let crop = try image.centerCrop(width: 2, height: 3)
        expectClose(crop.pixels, [16, 17, 23, 24, 30, 31], tolerance: 0, "2x3 centre crop")
        let rgb = randomImage(width: 256, height: 300, channels: 3, seed: 4)
        let centre = try rgb.centerCrop(width: 224, height: 224)
        expectClose(centre.pixels, try rgb.cropped(x: 16, y: 38, width: 224, height: 224).pixels, tolerance: 0, "224 crop")
    }

    @Test("bad sizes and windows are errors, not crashes")
    func rejectsBadArguments() throws {
        let image = randomImage(width: 4, height: 4, channels: 3, seed: 5)
        #expect(throws: ImageError.self) { try image.resized(width: 0, height: 3) }
        #expect(throws: ImageError.self) { try image.resizeShortSide(to: -1) }
        #expect(throws: ImageError.self) { try image.centerCrop(width: 5, height: 2) }
        #expect(throws: ImageError.self) { try image.cropped(x: 3, y: 0, width: 2, height: 2) }
        #expect(throws: ImageError.self) { try FloatMap(width: 2, height: 2, values: [1]).resized(width: 4, height: 4) }
    }

    static func resizeCase(_ name: String) throws -> (Image, Golden.Resize.Case) {
        let golden = try #require(Self.golden)
        let match = try #require(golden.cases.first { "\($0.filter) \($0.width)x\($0.height)" == name })
        return (try golden.source.image(), match)
    }
}

/// Reference bilinear interpolation with half-pixel centres, written directly from its definition:
/// output (x, y) samples input ((x + 0.5) · in/out − 0.5, …), coordinates clamped to the edges.
func halfPixelBilinear(_ map: FloatMap, width: Int, height: Int) -> [Float] {
    func source(_ i: Int, _ inSize: Int, _ outSize: Int) -> (Int, Int, Double) {
        let position = min(max((Double(i) + 0.5) * Double(inSize) / Double(outSize) - 0.5, 0), Double(inSize - 1))
        let low = Int(position.rounded(.down))
        return (low, min(low + 1, inSize - 1), position - Double(low))
    }
    var out = [Float]()
    for y in 0..<height {
        let (y0, y1, fy) = source(y, map.height, height)
        for x in 0..<width {
            let (x0, x1, fx) = source(x, map.width, width)
            let top = Double(map[y0, x0]) * (1 - fx) + Double(map[y0, x1]) * fx
            let bottom = Double(map[y1, x0]) * (1 - fx) + Double(map[y1, x1]) * fx
            out.append(Float(top * (1 - fy) + bottom * fy))
        }
    }
    return out
}
