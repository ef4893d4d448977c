import Testing
@testable import INVImaging

@Suite("Image values, colour conversion and normalisation")
struct ImageTests {
    @Test("the initialiser validates size, channels and sample count")
    func validates() {
        #expect(throws: ImageError.self) { try Image(width: 2, height: 2, channels: 2, pixels: .init(repeating: 0, count: 8)) }
        #expect(throws: ImageError.self) { try Image(width: 2, height: 2, channels: 3, pixels: [1, 2, 3]) }
        #expect(throws: ImageError.self) { try Image(width: 0, height: 2, channels: 1, pixels: []) }
        #expect(throws: ImageError.self) { try FloatMap(width: 3, height: 1, values: [1, 2]) }
    }

    @Test("planar CHW indexing")
    func indexing() throws {
        let image = try Image(width: 3, height: 2, channels: 3, pixels: (0..<18).map(Float.init))
        #expect(image[1, 1, 2] == 11)  // channel 1, row 1, column 2
        #expect(Array(image.plane(2)) == [12, 13, 14, 15, 16, 17])
    }

    @Test("rgb() copies grey into three channels and drops alpha (as PIL convert('RGB'))")
    func rgbConversion() throws {
        let grey = try Image(width: 2, height: 1, channels: 1, pixels: [0, 255])
        #expect(grey.rgb().pixels == [0, 255, 0, 255, 0, 255])
        let rgba = try Image(width: 1, height: 1, channels: 4, pixels: [200, 100, 50, 0])
        #expect(rgba.rgb().pixels == [200, 100, 50])
    }

    @Test("flattened(background:) composites alpha over a colour")
    func flattening() throws {
        let rgba = try Image(width: 2, height: 1, channels: 4, pixels: [200, 200, 100, 100, 50, 50, 255, 51])
        let onBlack = try rgba.flattened()
        expectClose(onBlack.pixels, [200, 40, 100, 20, 50, 10], tolerance: 1e-4, "over black")
        let onWhite = try rgba.flattened(background: [255, 255, 255])
        expectClose(onWhite.pixels, [200, 244, 100, 224, 50, 214], tolerance: 1e-4, "over white")
        #expect(throws: ImageError.self) { try rgba.flattened(background: [0]) }
    }

    @Test("grey() uses ITU-R 601-2 luma")
    func luma() throws {
        let rgb = try Image(width: 1, height: 1, channels: 3, pixels: [100, 200, 50])
        expectClose(rgb.grey().pixels, [0.299 * 100 + 0.587 * 200 + 0.114 * 50], tolerance: 1e-4, "luma")
    }

    @Test("normalized(mean:std:) per channel and the TF convention (x − 127) / 128")
    func normalisation() throws {
        let image = try Image(width: 2, height: 1, channels: 3, pixels: [0, 255, 127, 128, 10, 20])
        expectClose(try image.normalized(mean: [127], std: [128]),
                    [-127 / 128, 1, 0, 1 / 128, -117 / 128, -107 / 128], tolerance: 1e-6, "TF convention")
        expectClose(try image.normalized(mean: [0, 127, 10], std: [255, 1, 2]),
                    [0, 1, 0, 1, 0, 5], tolerance: 1e-6, "per channel")
        #expect(throws: ImageError.self) { try image.normalized(mean: [1, 2], std: [1]) }
        #expect(throws: ImageError.self) { try image.normalized(mean: [0], std: [0]) }
    }

    @Test("rescaledToUnitInterval maps min to 0 and max to 1; a constant map becomes zeros")
    func rescaling() throws {
        let map = try FloatMap(width: 3, height: 1, values: [-2, 0, 6])
        expectClose(map.rescaledToUnitInterval().values, [0, 0.25, 1], tolerance: 1e-6, "rescaled")
        let flat = try FloatMap(width: 2, height: 1, values: [3, 3])
        expectClose(flat.rescaledToUnitInterval().values, [0, 0], tolerance: 0, "constant")
    }
}
