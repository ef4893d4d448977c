import Testing
import INVImaging
@testable import INVPipeline

@Suite struct GameMaskTests {
    @Test func table2SigmasAndInterpolation() {
        for (ratio, sigma) in [(2.0, 3.0), (4, 6), (8, 12), (16, 16), (32, 24)] {
            #expect(GameMasks.sigma(forRatio: ratio) == sigma)
        }
        #expect(GameMasks.sigma(forRatio: 12) == 14)
        #expect(GameMasks.sigma(forRatio: 64) == 24)
        #expect(GameMasks.sigma(forRatio: 1) == 1.5)
    }

    @Test func percentileMatchesNumPyLinear() {
        // numpy.percentile([1, 2, 3, 4], 40) == 2.2
        #expect(abs(GameMasks.percentile([4, 1, 3, 2], 40) - 2.2) < 1e-6)
        #expect(GameMasks.percentile([5], 98) == 5)
    }

    /// Table 3's shares: the binary mask reveals p % of the pixels, plus the pixels whose upscaled
    /// value ties with the cut (footnote 3), and the masked image is the image times a blurred mask in [0, 1].
    @Test(arguments: [2.0, 4.5, 8, 13, 20, 30])
    func maskRevealsTheRequestedShare(_ percent: Double) throws {
        let side = 16, imageSide = 64
        let values = (0..<(side * side)).map { i in Float((i * 7919) % (side * side)) / Float(side * side) }
        let heatmap = try FloatMap(width: side, height: side, values: values)
        let image = try Image(width: imageSide, height: imageSide, filledWith: [200, 100, 50])
        let (masked, revealed) = try GameMasks.masked(image: image, heatmap: heatmap, percent: percent)
        let pixels = Double(imageSide * imageSide)
        let upscaled = try heatmap.resized(width: imageSide, height: imageSide, filter: .bilinear).values
        let cut = GameMasks.percentile(upscaled, 100 - percent)
        let ties = Double(upscaled.filter { $0 == cut }.count)
        #expect(revealed >= percent / 100 - 1 / pixels)
        #expect(revealed <= percent / 100 + (ties + 1) / pixels, "revealed \(revealed * 100) % for p = \(percent) % with \(ties) ties")
        #expect(masked.pixels.allSatisfy { $0 >= 0 && $0 <= 200 })
        #expect(masked.pixels.contains { $0 > 0 })
    }
}
