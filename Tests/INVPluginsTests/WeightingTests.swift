import Foundation
import Testing
import INVCore
import INVEngine
@testable import INVPlugins

/// A small head y = v · GAP(A) + Σ_k u_k Σ_ij A²_kij / Z: gradients are known in closed form,
/// ∂y/∂A_kij = v_k/Z + 2 u_k A_kij / Z.
struct QuadraticHead {
    let v: [Float] = [0.5, -1, 2], u: [Float] = [0.1, 0.2, -0.05]
    let shape = [3, 2, 2]
    let activations = Tensor(shape: [3, 2, 2], scalars: [1, 0, 2, 3, -1, 0.5, 0.25, 0, 4, 1, 0, 2])
    var z: Float { 4 }

    func logit(_ a: [Double]) -> Double {
        (0..<3).reduce(0.0) { total, k in
            let maps = a[(k * 4)..<((k + 1) * 4)]
            return total + Double(v[k]) * maps.reduce(0, +) / 4 + Double(u[k]) * maps.map { $0 * $0 }.reduce(0, +) / 4
        }
    }

    /// Gradients by the tape through the engine ops (GAP as a mean over axes 1, 2).
    func context() throws -> WeightingContext {
        let g = try withTape { tape in
            let a = tape.variable(activations)
            let mean = try tape.apply(Reduce(kind: .mean, axes: [1, 2]), a)
            let lin = try tape.apply(MatMul(), tape.constant(Tensor(shape: [1, 3], scalars: v)), mean)
            let sq = try tape.apply(Reduce(kind: .mean, axes: [1, 2]), try tape.apply(Elementwise.mul, a, a))
            let quad = try tape.apply(MatMul(), tape.constant(Tensor(shape: [1, 3], scalars: u)), sq)
            let y = try tape.apply(Elementwise.add, lin, quad)
            return try tape.gradients(of: y, withRespectTo: [a])[0]
        }
        return WeightingContext(activations: activations, gradients: g)
    }
}

@Suite struct WeightingTests {
    let head = QuadraticHead()

    @Test func tapeGradientsEqualFiniteDifferences() throws {
        let context = try head.context()
        let a = head.activations.scalars.map(Double.init)
        for i in a.indices {
            var plus = a, minus = a
            plus[i] += 1e-6
            minus[i] -= 1e-6
            let numeric = (head.logit(plus) - head.logit(minus)) / 2e-6
            #expect(abs(Double(context.gradients.scalars[i]) - numeric) < 1e-5, "element \(i)")
        }
    }

    @Test func gradCAMFamilyClosedForms() throws {
        let c = try head.context()
        let a = c.activations.scalars, g = c.gradients.scalars
        func channel(_ k: Int, _ f: (Float, Float) -> Float) -> Float { (0..<4).reduce(0) { $0 + f(a[k * 4 + $1], g[k * 4 + $1]) } }
        let expectations: [(any ChannelWeighting, [Float])] = [
            (GradCAMWeighting(parameters: .init()), (0..<3).map { channel($0) { _, g in g } / 4 }),
            (PositiveGradCAMWeighting(parameters: .init()), (0..<3).map { channel($0) { _, g in max(g, 0) } / 4 }),
            (GuidedGradCAMWeighting(parameters: .init()), (0..<3).map { channel($0) { a, g in a > 0 && g > 0 ? g : 0 } / 4 }),
            (XGradCAMWeighting(parameters: .init()), (0..<3).map { k in channel(k) { a, g in a * g } / (channel(k) { a, _ in a } + 1e-7) }),
        ]
        for (plugin, expected) in expectations {
            let got = try plugin.weights(c)
            for k in 0..<3 { #expect(abs(got[k] - expected[k]) < 1e-6, "\(type(of: plugin).name) channel \(k): \(got[k]) vs \(expected[k])") }
        }
        // The thesis' guided weights by hand for channel 1 (A = [−1, 0.5, 0.25, 0]; v = −1, u = 0.2):
        // g = −0.25 + 0.1·A → only A = 0.5 (g = −0.2) and 0.25 (g = −0.225) are positive activations, both g < 0.
        #expect(try GuidedGradCAMWeighting(parameters: .init()).weights(c)[1] == 0)
    }

    /// For a linear head (u = 0) the gradient is v_k/Z on every pixel, and Eq. 19 gives
    /// w_k = Z · ReLU(g) / (2 + S_k g) with S_k = Σ A^k.
    @Test func gradCAMPlusPlusMatchesItsClosedFormOnALinearHead() throws {
        let a = head.activations
        let v: [Float] = [0.5, -1, 2]
        let g = Tensor(shape: a.shape, scalars: (0..<12).map { v[$0 / 4] / 4 })
        let w = try GradCAMPlusPlusWeighting(parameters: .init()).weights(WeightingContext(activations: a, gradients: g))
        for k in 0..<3 {
            let s = a.scalars[(k * 4)..<((k + 1) * 4)].reduce(0, +), gk = v[k] / 4
            let expected = 4 * max(gk, 0) / (2 + s * gk)
            #expect(abs(w[k] - expected) < 1e-5, "channel \(k): \(w[k]) vs \(expected)")
        }
    }

    @Test func scoreCAMIsASoftmaxOverMaskedScores() throws {
        let a = head.activations
        let context = WeightingContext(activations: a, gradients: a) { masks in
            #expect(masks.shape == [3, 2, 2])
            #expect(masks.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
            return [1, 2, 3]
        }
        let w = try ScoreCAMWeighting(parameters: .init()).weights(context)
        let e = [1, 2, 3].map { exp(Float($0)) }
        for k in 0..<3 { #expect(abs(w[k] - e[k] / e.reduce(0, +)) < 1e-6) }
        #expect(throws: WeightingError.needsModel("score-cam")) {
            try ScoreCAMWeighting(parameters: .init()).weights(WeightingContext(activations: a, gradients: a))
        }
    }

    @Test func registryDecodesDefaultsAndRejectsUnknownKeys() throws {
        let family = PluginFamily<any ChannelWeighting>.builtInWeightings
        #expect(family.names == ["guided", "grad-cam", "grad-cam-plus", "grad-cam-plusplus", "x-grad-cam", "score-cam"])
        for name in family.names {
            _ = try family.make(PluginSpec(name))
            #expect(throws: ConfigError.self) { try family.make(PluginSpec(name, ["bogus": .int(1)])) }
        }
    }
}
