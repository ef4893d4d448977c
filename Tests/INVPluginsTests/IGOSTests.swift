import Foundation
import Testing
import INVCore
import INVEngine
import INVImaging
@testable import INVPlugins

/// I-GOS and iGOS++ on `RegionClassifier`s whose score depends on one known square only.
@Suite struct IGOSTests {
    /// 32 × 32 image, the score reads the 12 × 12 square at (10, 10).
    static let model = RegionClassifier(side: 32, regions: [.init(top: 10, left: 10, size: 12)])

    static func massInRegion(_ heatmap: Heatmap, _ region: RegionClassifier.Region) -> Double {
        var inside = 0.0, total = 0.0
        for (i, v) in heatmap.values.enumerated() {
            total += Double(v)
            if region.contains(i / heatmap.width, i % heatmap.width) { inside += Double(v) }
        }
        return total > 0 ? inside / total : 0
    }

    static func igos(_ configure: (inout IGOSExplainer.Parameters) -> Void = { _ in }) throws -> IGOSExplainer {
        var p = IGOSExplainer.Parameters()
        p.maskSize = 32
        configure(&p)
        return try IGOSExplainer(parameters: p)
    }

    // On this 32 × 32 toy the model's gradient is zero outside the square, so only the
    // regularisers act there; the authors' squared-TV weights (tuned on 224 × 224 photos) then
    // spread the mask into a wide ramp (82 % inside for I-GOS with λ₂ = 20; iGOS++ with the
    // Nesterov rate 1000 diffuses over the whole image). The mass tests use λ₂ = 2 for I-GOS and
    // BTV = 1 with rate 10 for iGOS++; the other tests keep the authors' defaults.
    @Test func igosPutsNinetyPercentOfTheMassOnTheScoredSquare() throws {
        let heatmap = try Self.igos { $0.tv = 2 }.explain(image: Self.model.image, target: 0, model: Self.model, seed: 1)
        let share = Self.massInRegion(heatmap, Self.model.regions[0])
        #expect(share >= 0.9, "I-GOS heatmap share inside the scored square: \(share)")
    }

    @Test func igosPlusPlusPutsNinetyPercentOfTheMassOnTheScoredSquare() throws {
        var p = IGOSPlusPlusExplainer.Parameters()
        (p.maskSize, p.btv, p.step) = (32, 1, 10)
        let heatmap = try IGOSPlusPlusExplainer(parameters: p).explain(image: Self.model.image, target: 0, model: Self.model, seed: 1)
        let share = Self.massInRegion(heatmap, Self.model.regions[0])
        #expect(share >= 0.9, "iGOS++ heatmap share inside the scored square: \(share)")
    }

    @Test func largerSparsityWeightGivesASmallerMask() throws {
        func deleted(_ l1: Float) throws -> Double {
            let heatmap = try Self.igos { $0.l1 = l1 }.explain(image: Self.model.image, target: 0, model: Self.model, seed: 1)
            return heatmap.values.reduce(0) { $0 + Double($1) }
        }
        let (small, large) = (try deleted(1), try deleted(10))
        #expect(large < small, "Σ(1 − M): λ₁ = 10 gives \(large), λ₁ = 1 gives \(small)")
    }

    /// Σ attribution ≈ f(Φ(U)) − f(blur); the right Riemann sum's error shrinks with N.
    @Test func integratedGradientsAreCompleteWithinTheRiemannError() throws {
        let model = Self.model
        let problem = try MaskProblem(image: model.image, maskSize: 8, blurSigma: 50, blurRadius: 25)
        var random = SeededRandom(seed: 4)
        let mask = (0..<64).map { _ in Float(random.uniform()) }
        let up = problem.upsampler.upsample(mask)
        let masked = zip(zip(problem.image, problem.blurred), up + up + up).map { $0.0 * $1 + $0.1 * (1 - $1) }
        let change = try model.probabilities(Tensor(shape: [1, 3, 32, 32], scalars: masked))[0][0]
            - model.probabilities(Tensor(shape: [1, 3, 32, 32], scalars: problem.blurred))[0][0]
        func error(steps: Int) throws -> Double {
            let path = problem.deletionPath(steps: steps, noise: 0)
            let g = try path.gradients(model: model, target: 0, mask: up, random: &random)
            // The same sum on the low-resolution mask: Σ_q M_q (Rᵀ h C)_q = Σ_p U_p h_p.
            let lowResolution = zip(mask, problem.upsampler.adjoint(zip(g.attribution, up).map { $1 > 0 ? $0 / $1 : 0 })).map(*)
            let total = Double(g.attribution.reduce(0, +))
            expectClose(Double(lowResolution.reduce(0, +)), total, rtol: 1e-3, atol: 1e-4, "low-resolution completeness sum, N = \(steps)")
            return abs(total - Double(change))
        }
        let (coarse, fine) = (try error(steps: 10), try error(steps: 200))
        #expect(abs(change) > 0.1, "the path must change the score: Δf = \(change)")
        // The right Riemann sum's error is O(1/N): 20 times more steps, at least 5 times less error.
        #expect(fine < 0.03 * Double(abs(change)), "N = 200: |Σ IG − Δf| = \(fine), Δf = \(change)")
        #expect(fine * 5 < coarse, "the Riemann error must shrink: N = 10 → \(coarse), N = 200 → \(fine)")
    }

    @Test func sameSeedSameHeatmapOtherSeedOtherNoise() throws {
        let explainer = try Self.igos { $0.iterations = 3 }
        let a = try explainer.explain(image: Self.model.image, target: 0, model: Self.model, seed: 7)
        let b = try explainer.explain(image: Self.model.image, target: 0, model: Self.model, seed: 7)
        let c = try explainer.explain(image: Self.model.image, target: 0, model: Self.model, seed: 8)
        expectClose(a.values.map(Double.init), b.values.map(Double.init), rtol: 0, atol: 0, "same seed")
        #expect(zip(a.values, c.values).contains { $0 != $1 }, "another seed draws other path noise")
    }

    @Test func aTimeLimitStopsEarlyWithAValidPartialReport() throws {
        for explainer in [try Self.igos { $0.timeLimit = 1e-9 } as any StructuredExplainer,
                          try IGOSPlusPlusExplainer(parameters: { var p = IGOSPlusPlusExplainer.Parameters(); p.maskSize = 8; p.timeLimit = 1e-9; return p }())] {
            let result = try explainer.explainStructure(image: Self.model.image, target: 0, model: Self.model, seed: 1, progress: .silent)
            #expect(result.partial)
            #expect(result.heatmap.values.count == 32 * 32 && result.heatmap.values.allSatisfy(\.isFinite))
            let files = try result.files(Image(width: 32, height: 32, channels: 3, pixels: [Float](repeating: 128, count: 3 * 32 * 32)))
            let report = try JSONDecoder().decode(MaskExplanationReport.self, from: files[0].1)
            #expect(report.partial && report.stopReason == "time-limit" && report.iterationsCompleted == 1 && report.iterationsRequested == 20,
                    "\(explainer.methodName): \(report.stopReason), \(report.iterationsCompleted) of \(report.iterationsRequested)")
        }
    }

    @Test func upsamplerAdjointSatisfiesTheInnerProductIdentity() {
        let up = MaskUpsampler(sourceHeight: 7, sourceWidth: 5, height: 30, width: 22)
        var random = SeededRandom(seed: 2)
        let m = (0..<35).map { _ in Float(random.uniform()) }, g = (0..<660).map { _ in Float(random.uniform() - 0.5) }
        let left = zip(up.upsample(m), g).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        let right = zip(m, up.adjoint(g)).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        expectClose(left, right, rtol: 1e-5, atol: 1e-5, "⟨up(m), g⟩ = ⟨m, upᵀ(g)⟩")
        let corners = up.upsample(m)
        expectClose([corners[0], corners[21], corners[659]].map(Double.init), [m[0], m[4], m[34]].map(Double.init),
                    rtol: 0, atol: 1e-6, "align-corners: corner pixels equal corner cells")
    }

    @Test func regularizerGradientsMatchFiniteDifferences() {
        let image = Self.model.image.scalars.enumerated().map { $0.element + Float($0.offset % 7) * 0.01 }
        let up = MaskUpsampler(sourceHeight: 6, sourceWidth: 6, height: 32, width: 32)
        let weights = BilateralWeights(image: image, channels: 3, height: 32, width: 32, sigma: 0.01)
        var random = SeededRandom(seed: 9)
        let mask = (0..<36).map { _ in Float(0.2 + 0.6 * random.uniform()) }
        for bilateral in [nil, weights] {
            let r = MaskRegularizer(sparsity: 1, smoothness: 20, bilateral: bilateral, upsampler: up)
            let analytic = r.evaluate(mask).gradient
            let numeric = mask.indices.map { i -> Double in
                var plus = mask, minus = mask
                plus[i] += 1e-3
                minus[i] -= 1e-3
                return Double(r.evaluate(plus).value - r.evaluate(minus).value) / 2e-3
            }
            expectClose(analytic.map(Double.init), numeric, rtol: 2e-2, atol: 2e-3, "regulariser gradient (bilateral: \(bilateral != nil))")
        }
    }
}
