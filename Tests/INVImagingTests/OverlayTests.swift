import Testing
@testable import INVImaging

@Suite("Heatmap overlay")
struct OverlayTests {
    @Test("each pixel is (1 − opacity) · image + opacity · 255 · colour")
    func blendsPixels() throws {
        let image = randomImage(width: 3, height: 2, channels: 3, seed: 11)
        let heat = try FloatMap(width: 3, height: 2, values: [0, 0.2, 0.4, 0.6, 0.8, 1])
        let shown = try image.overlaid(heatmap: heat, colormap: .jet, opacity: 0.3)
        var expected = [Float](repeating: 0, count: 18)
        for i in 0..<6 {
            let color = Colormap.jet.color(for: heat.values[i])
            for (c, component) in [color.red, color.green, color.blue].enumerated() {
                expected[c * 6 + i] = 0.7 * image.pixels[c * 6 + i] + 0.3 * 255 * component
            }
        }
        expectClose(shown.pixels, expected, tolerance: 1e-3, "overlay with opacity 0.3")
    }

    @Test("a small heatmap is upsampled bilinearly to the image; grey and RGBA images become RGB")
    func upsamplesAndConverts() throws {
        let heat = try FloatMap(width: 2, height: 2, values: [0, 1, 1, 0])
        let grey = randomImage(width: 8, height: 6, channels: 1, seed: 12)
        let shown = try grey.overlaid(heatmap: heat, colormap: .viridis, opacity: 1)
        let expected = Colormap.viridis.image(of: try heat.resized(width: 8, height: 6))
        #expect(shown.channels == 3)
        expectClose(shown.pixels, expected.pixels, tolerance: 1e-4, "opacity 1 shows only the colours")
        let rgba = randomImage(width: 8, height: 6, channels: 4, seed: 13)
        expectClose(try rgba.overlaid(heatmap: heat, opacity: 0).pixels, rgba.rgb().pixels, tolerance: 0, "opacity 0")
    }

    @Test("opacity outside 0...1 is an error")
    func rejectsOpacity() throws {
        let image = randomImage(width: 2, height: 2, channels: 3, seed: 14)
        let heat = try FloatMap(width: 2, height: 2, values: [0, 0, 0, 0])
        #expect(throws: ImageError.self) { try image.overlaid(heatmap: heat, opacity: 1.5) }
    }
}
