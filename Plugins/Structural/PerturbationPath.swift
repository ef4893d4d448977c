import Foundation
import INVCore
import INVEngine

/// The straight path of the I-GOS integrated gradient (Qi, Khorram & Li, AAAI 2020, Eq. 5; the
/// authors' `interval_score` / `integrated_gradient`): for `k = 1…N`, `α_k = k / N`, the image
/// `Φ_k = shown · α_k U + hidden · (1 − α_k U) + ε_k` with `U` the upsampled mask and `ε_k` Gaussian
/// noise. The path score is `S(U) = Σ_k f_c(Φ_k) / N` with `f_c` the target's softmax probability.
///
/// The integrated gradient with respect to the mask is the gradient of `S` through every `Φ_k`:
/// `∂S/∂U[p] = Σ_k (α_k / N) Σ_channels (shown − hidden)[c, p] · ∂f_c/∂Φ_k[c, p]`.
///
/// Deletion (I-GOS) uses `shown = image`, `hidden = blurred`; insertion (iGOS++) swaps them.
struct PerturbationPath: Sendable {
    let shown: [Float]
    let hidden: [Float]
    let channels: Int
    let plane: Int
    let steps: Int
    /// Standard deviation of the noise added to each path image (authors: 0.2, normalised space).
    let noise: Float

    init(shown: [Float], hidden: [Float], channels: Int, plane: Int, steps: Int, noise: Float) {
        self.shown = shown
        self.hidden = hidden
        self.channels = channels
        self.plane = plane
        self.steps = steps
        self.noise = noise
    }

    /// The same path with the roles of the two images exchanged (deletion ↔ insertion).
    var swapped: PerturbationPath {
        PerturbationPath(shown: hidden, hidden: shown, channels: channels, plane: plane, steps: steps, noise: noise)
    }

    func alpha(_ k: Int) -> Float { Float(k + 1) / Float(steps) }

    /// Writes `Φ_k` for the upsampled mask `mask` (`[plane]`) into `out` (`[channels · plane]`).
    func fill(_ out: UnsafeMutableBufferPointer<Float>, step k: Int, mask: [Float], random: inout SeededRandom) {
        let a = alpha(k)
        for c in 0..<channels {
            let base = c * plane
            for p in 0..<plane {
                let m = a * mask[p]
                out[base + p] = shown[base + p] * m + hidden[base + p] * (1 - m)
            }
        }
        if noise > 0 {
            for i in 0..<(channels * plane) { out[i] += noise * Float(random.normal()) }
        }
    }

    /// `S(U)`: forward passes only, `batchSize` path images per model call.
    func score(model: any ClassifierModel, target: Int, mask: [Float], random: inout SeededRandom,
               batchSize: Int) throws -> Float {
        // Noise is drawn in path order before the batched calls, so batching does not change it.
        var images = [Float](repeating: 0, count: steps * channels * plane)
        images.withUnsafeMutableBufferPointer { all in
            for k in 0..<steps {
                fill(UnsafeMutableBufferPointer(rebasing: all[(k * channels * plane)..<((k + 1) * channels * plane)]),
                     step: k, mask: mask, random: &random)
            }
        }
        let per = channels * plane
        let probabilities = try model.targetProbabilities(count: steps, target: target, batchSize: batchSize) { k, out in
            for i in 0..<per { out[i] = images[k * per + i] }
        }
        return probabilities.reduce(0, +) / Float(steps)
    }

    /// `S(U)` and `∂S/∂U` (`[plane]`), the path images' gradients computed by `batcher`.
    func integratedGradient(_ batcher: InputGradients, target: Int, mask: [Float],
                            random: inout SeededRandom) throws -> (score: Float, gradient: [Float]) {
        let pass = try gradients(batcher, target: target, mask: mask, random: &random)
        return (pass.score, pass.scoreGradient)
    }

    /// One forward + backward pass per path image: the path score, its gradient `∂S/∂U` and the
    /// integrated-gradients attribution `U ⊙ (1/N) Σ_k ∇f(Φ(α_k U))` whose sum approximates
    /// `f(Φ(U)) − f(hidden)` (completeness, up to the right Riemann sum's error).
    func gradients(model: any ClassifierModel, target: Int, mask: [Float], random: inout SeededRandom) throws -> PathGradients {
        try gradients(InputGradients(model: model, chunk: 1), target: target, mask: mask, random: &random)
    }

    /// ``gradients(model:target:mask:random:)`` with the model calls batched by `batcher`.
    func gradients(_ batcher: InputGradients, target: Int, mask: [Float], random: inout SeededRandom) throws -> PathGradients {
        let per = channels * plane
        var images = [Float](repeating: 0, count: steps * per)
        images.withUnsafeMutableBufferPointer { all in
            for k in 0..<steps {
                fill(UnsafeMutableBufferPointer(rebasing: all[(k * per)..<((k + 1) * per)]), step: k, mask: mask, random: &random)
            }
        }
        let (probabilities, inputGradients) = try batcher.compute(images: images, count: steps, target: target)
        var scoreGradient = [Float](repeating: 0, count: plane)
        var meanGradient = [Float](repeating: 0, count: plane)
        let n = Float(steps)
        for k in 0..<steps {
            let a = alpha(k), base = k * per
            for p in 0..<plane {
                var h: Float = 0
                for c in 0..<channels { h += (shown[c * plane + p] - hidden[c * plane + p]) * inputGradients[base + c * plane + p] }
                scoreGradient[p] += a * h / n
                meanGradient[p] += h / n
            }
        }
        return PathGradients(score: probabilities.reduce(0, +) / n, scoreGradient: scoreGradient,
                             attribution: zip(mask, meanGradient).map(*))
    }
}

/// What ``PerturbationPath/gradients(model:target:mask:random:)`` returns, all `[plane]`
/// except the score.
struct PathGradients {
    var score: Float
    var scoreGradient: [Float]
    var attribution: [Float]
}

/// The backward seed of the target's softmax probability.
enum TargetGradient {
    /// For logits `[B, K]`: the backward seed of the target's softmax probability in each row,
    /// `∂p_t/∂z_j = p_t (δ_tj − p_j)`, and the probabilities `p_t` per row.
    static func softmaxSeed(_ logits: Tensor, target: Int) -> (seed: Tensor, probabilities: [Float]) {
        let k = logits.shape.last ?? 1, rows = logits.count / max(k, 1)
        var seed = [Float](repeating: 0, count: logits.count), probabilities: [Float] = []
        for b in 0..<rows {
            let row = logits.scalars[(b * k)..<((b + 1) * k)]
            let top = row.max() ?? 0
            let e = row.map { expf($0 - top) }
            let total = e.reduce(0, +)
            let p = e.map { $0 / total }
            probabilities.append(p[target])
            for j in 0..<k { seed[b * k + j] = p[target] * ((j == target ? 1 : 0) - p[j]) }
        }
        return (Tensor(shape: logits.shape, scalars: seed), probabilities)
    }
}
