import Testing
import INVCore
import INVEngine
@testable import INVPlugins

/// References: Golden/make_rise_references.py (scipy; values embedded below).
@Suite struct RISETests {
    /// skimage `resize(order=1, mode='reflect')` = `ndi.zoom(order=1, mode='mirror', grid_mode=True)`.
    @Test func maskUpsamplingMatchesSkimageBilinearWithMirroredBorders() {
        let grid: [Float] = [1, 0, 1, 0, 1, 1, 1, 1, 0]
        let expectedRows: [[Double]] = [
            [0.570312, 0.664062, 0.523438, 0.382812, 0.441406, 0.699219, 0.957031, 0.785156],
            [0.664062, 0.882812, 0.554688, 0.226562, 0.238281, 0.589844, 0.941406, 0.707031],
            [0.957031, 0.941406, 0.964844, 0.988281, 0.824219, 0.472656, 0.121094, 0.355469],
            [0.785156, 0.707031, 0.824219, 0.941406, 0.871094, 0.613281, 0.355469, 0.527344],
        ]
        let w = RISEExplainer.linearWeights(source: 3, target: 8)
        for (r, y) in [0, 1, 6, 7].enumerated() {
            let (y0, y1, fy) = w[y]
            let row = (0..<8).map { x -> Double in
                let (x0, x1, fx) = w[x]
                let top = grid[y0 * 3 + x0] * (1 - fx) + grid[y0 * 3 + x1] * fx
                let bottom = grid[y1 * 3 + x0] * (1 - fx) + grid[y1 * 3 + x1] * fx
                return Double(top * (1 - fy) + bottom * fy)
            }
            expectClose(row, expectedRows[r], rtol: 0, atol: 2e-6, "upsampled row \(y)")
        }
    }

    @Test func masksAreInTheUnitIntervalKeepAboutPAndDependOnlyOnTheSeed() {
        let a = RISEExplainer.masks(count: 200, cells: 7, probability: 0.5, height: 16, width: 16, seed: 1)
        let b = RISEExplainer.masks(count: 200, cells: 7, probability: 0.5, height: 16, width: 16, seed: 1)
        let c = RISEExplainer.masks(count: 200, cells: 7, probability: 0.5, height: 16, width: 16, seed: 2)
        #expect(a.count == 200 * 256)
        #expect(a.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(a == b)
        #expect(a != c)
        let mean = a.reduce(0, +) / Float(a.count)
        #expect(abs(mean - 0.5) < 0.03, "mean mask value \(mean), expected ≈ p = 0.5")
    }

    /// On a model that only looks at the left half, RISE's saliency divided by the masks' own
    /// density (i.e. the mean score when a pixel is visible) is higher on the left.
    @Test func riseFindsTheRegionTheModelUses() throws {
        let weights = (0..<256).map { $0 % 16 < 8 ? Float(0.03) : 0 }
        let model = PixelLinearClassifier(channels: 3, height: 16, width: 16, weights: weights)
        let image = Tensor(repeating: 1, shape: [1, 3, 16, 16])
        var parameters = RISEExplainer.Parameters()
        parameters.masks = 300
        parameters.batchSize = 64
        let rise = try RISEExplainer(parameters: parameters)
        let heatmap = try rise.explain(image: image, target: 0, model: model, seed: 7)
        let masks = RISEExplainer.masks(count: 300, cells: 7, probability: 0.5, height: 16, width: 16, seed: 7)
        var density = [Float](repeating: 0, count: 256)
        for i in 0..<300 {
            for p in 0..<256 { density[p] += masks[i * 256 + p] / 150 }
        }
        let conditional: [Float] = (0..<256).map { heatmap.values[$0] / density[$0] }
        let isLeft: [Bool] = (0..<256).map { $0 % 16 < 8 }
        var left: Float = 0, right: Float = 0
        for p in 0..<256 { if isLeft[p] { left += conditional[p] / 128 } else { right += conditional[p] / 128 } }
        #expect(left > right + 0.01, "mean score when visible: left \(left), right \(right)")
        #expect(try rise.explain(image: image, target: 0, model: model, seed: 7).values == heatmap.values)
        #expect(try rise.explain(image: image, target: 0, model: model, seed: 8).values != heatmap.values)
    }

    @Test func badParametersAreRejected() {
        var parameters = RISEExplainer.Parameters()
        parameters.probability = 0
        #expect(throws: ConfigError.self) { try RISEExplainer(parameters: parameters) }
    }
}
