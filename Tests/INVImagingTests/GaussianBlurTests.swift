import Foundation
import Testing
@testable import INVImaging

@Suite("Gaussian blur against scipy.ndimage.gaussian_filter")
struct GaussianBlurTests {
    static let golden = try? Golden.load(Golden.Blur.self, from: "blur.json")

    static var settings: [String] {
        (golden?.cases ?? []).map { "sigma \($0.sigma) truncate \($0.truncate)" }
    }

    @Test("a float map matches scipy (mode reflect)", arguments: settings)
    func matchesScipyOnMap(setting: String) throws {
        let golden = try #require(Self.golden)
        let reference = try #require(golden.cases.first { "sigma \($0.sigma) truncate \($0.truncate)" == setting })
        let blurred = try golden.map.map().gaussianBlurred(sigma: reference.sigma, truncate: reference.truncate)
        // Measured: ≤ 1.8e-7 on values in 0...1 (σ = 10 reflects the 11 × 9 map several times).
        expectClose(blurred.values, reference.values, tolerance: 1e-6, "\(setting) vs scipy")
    }

    @Test("every channel of an image is blurred on its own (scipy sigma (0, σ, σ))")
    func matchesScipyOnImage() throws {
        let golden = try #require(Self.golden).image
        let image = try Image(width: golden.width, height: golden.height, channels: golden.channels, pixels: golden.pixels)
        let blurred = try image.gaussianBlurred(sigma: golden.sigma, truncate: golden.truncate)
        // Measured: ≤ 6.1e-5 on values in 0...255.
        expectClose(blurred.pixels, golden.blurred, tolerance: 1e-4, "RGB image vs scipy")
    }

    @Test("kernel radius and weights follow scipy's _gaussian_kernel1d")
    func kernelShape() {
        let kernel = GaussianKernel(sigma: 2, truncate: 1.5)
        #expect(kernel.radius == 3)  // Int(1.5 · 2 + 0.5)
        let raw = (-3...3).map { k in Float(exp(-Double(k * k) / 8)) }
        let total = raw.reduce(0, +)
        expectClose(kernel.weights, raw.map { $0 / total }, tolerance: 1e-7, "weights for σ = 2")
    }

    @Test("reflect mode mirrors about the edges, repeating with period 2n")
    func reflectIndices() {
        let mapped = (-6..<9).map { GaussianKernel.reflect($0, size: 3) }
        // scipy 'reflect': … c b a | a b c | c b a | a b c …
        #expect(mapped == [0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0, 1, 2])
        #expect((-3..<4).map { GaussianKernel.reflect($0, size: 1) } == [0, 0, 0, 0, 0, 0, 0])
    }

    @Test("σ = 0 is the identity; negative or non-finite σ and truncate ≤ 0 are errors")
    func arguments() throws {
        let map = try FloatMap(width: 3, height: 2, values: [1, 2, 3, 4, 5, 6])
        #expect(try map.gaussianBlurred(sigma: 0) == map)
        #expect(throws: ImageError.self) { try map.gaussianBlurred(sigma: -1) }
        #expect(throws: ImageError.self) { try map.gaussianBlurred(sigma: .nan) }
        #expect(throws: ImageError.self) { try map.gaussianBlurred(sigma: 1, truncate: 0) }
    }
}
