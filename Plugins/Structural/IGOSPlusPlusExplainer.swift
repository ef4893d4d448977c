import Foundation
import INVCore
import INVEngine

/// `igos++`: iGOS++ (Khorram, Lawson & Fuxin, "iGOS++: Integrated Gradient Optimized Saliency by
/// Bilateral Perturbations", ACM CHIL 2021, Eq. 4–8). Two low-resolution masks are optimised
/// together: a deletion mask `M_d` (blurring where it is 0 must lower the score) and an insertion
/// mask `M_i` (showing the image where it is 0, over the blur, must raise it). The objective is
/// `del(U_d) − ins(U_i) + del(U_d U_i) − ins(U_d U_i) + λ₁ mean|1 − M| + λ₂ BTV(M)` with
/// `M = M_d M_i`, `del` / `ins` the integrated path scores of ``PerturbationPath`` and BTV the
/// bilateral total variation that lets the mask change across image edges (``MaskRegularizer``).
/// Steps are Nesterov-accelerated. The heatmap is `1 − upsample(M_d M_i)`.
///
/// Defaults follow the authors' `methods.py` as `main.py` calls it (mask 28 × 28, 20 iterations,
/// 15 integration steps with noise σ = 0.2, L1 = 1, bilateral TV 20 with σ = 0.01, learning rate
/// 1000, `--opt NAG`); the integrated-gradient terms are averaged (`/2`) before the
/// regularisers are added, as there.
public struct IGOSPlusPlusExplainer: StructuredExplainer, Plugin {
    public struct Parameters: Codable, Sendable, DefaultConstructible {
        public var maskSize = 28
        public var iterations = 20
        public var integrationSteps = 15
        public var l1: Float = 1
        public var btv: Float = 20
        public var bilateralSigma: Float = 0.01
        public var noise: Float = 0.2
        public var optimizer = MaskStepRule.nesterov
        public var step: Float = 1000
        public var blurSigma: Float = 50
        public var blurRadius = 25
        public var batchSize = 15
        public var timeLimit = 0.0
        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable {
            case maskSize = "mask-size", iterations, integrationSteps = "integration-steps", l1, btv
            case bilateralSigma = "bilateral-sigma", noise, optimizer, step
            case blurSigma = "blur-sigma", blurRadius = "blur-radius", batchSize = "batch-size", timeLimit = "time-limit"
        }

        var common: IGOSExplainer.Parameters {
            var c = IGOSExplainer.Parameters()
            (c.maskSize, c.iterations, c.integrationSteps, c.l1, c.tv, c.noise) = (maskSize, iterations, integrationSteps, l1, btv, noise)
            (c.optimizer, c.step, c.blurSigma, c.blurRadius, c.batchSize, c.timeLimit) = (optimizer, step, blurSigma, blurRadius, batchSize, timeLimit)
            return c
        }
    }
    public static let name = "igos++"
    public static let summary = "iGOS++ (Khorram et al. 2021): bilateral deletion + insertion masks, bilateral TV, Nesterov steps; heatmap 1 − M_d M_i."
    public static let parameterDocs = [
        "mask-size": "side s of both s × s masks (authors: 28; 224 = pixel resolution)",
        "iterations": "descent iterations (authors: 20)",
        "integration-steps": "points N of each integrated-gradient path (authors: 15)",
        "l1": "weight of mean |1 − M_d M_i|",
        "btv": "weight of the bilateral total variation of M_d M_i (authors: 20)",
        "bilateral-sigma": "σ of the image-edge weights exp(−ΔI² / σ), normalised space (authors: 0.01)",
        "noise": "σ of the Gaussian noise added to each path image (authors: 0.2)",
        "optimizer": "nesterov (authors' NAG) or line-search",
        "step": "Nesterov learning rate / initial line-search step (authors: 1000)",
        "blur-sigma": "σ in pixels of the blurred baseline (authors: 50)",
        "blur-radius": "radius of the blur kernel (authors: 25)",
        "batch-size": "path images per model call (forward, and forward + backward for the integrated gradients)",
        "time-limit": "seconds after which the run stops and returns its masks marked partial; 0 = none",
    ]
    let parameters: Parameters

    public init(parameters: Parameters) throws {
        _ = try parameters.common.validated(Self.name)
        guard parameters.bilateralSigma > 0, parameters.bilateralSigma.isFinite else {
            throw ConfigError(path: Self.name, message: "expected bilateral-sigma > 0")
        }
        self.parameters = parameters
    }

    public func explainStructure(image: Tensor, target: Int, model: any ClassifierModel, seed: UInt64,
                                 progress: ProgressReporter) throws -> StructuredExplanation {
        let started = Date()
        try model.validate(image: image, target: target, method: Self.name)
        let p = parameters
        let problem = try MaskProblem(image: image, maskSize: p.maskSize, blurSigma: p.blurSigma, blurRadius: p.blurRadius)
        let deletion = problem.deletionPath(steps: p.integrationSteps, noise: p.noise), insertion = deletion.swapped
        let weights = BilateralWeights(image: problem.image, channels: problem.channels, height: problem.height,
                                       width: problem.width, sigma: p.bilateralSigma)
        let regularizer = MaskRegularizer(sparsity: p.l1, smoothness: p.btv, bilateral: weights, upsampler: problem.upsampler)
        let up = problem.upsampler, n = p.maskSize * p.maskSize
        let batcher = InputGradients(model: model, chunk: p.batchSize)
        func ig(_ path: PerturbationPath, _ u: [Float], _ random: inout SeededRandom) throws -> (score: Float, gradient: [Float]) {
            try path.integratedGradient(batcher, target: target, mask: u, random: &random)
        }
        func score(_ path: PerturbationPath, _ u: [Float], _ random: inout SeededRandom) throws -> Float {
            try path.score(model: model, target: target, mask: u, random: &random, batchSize: p.batchSize)
        }
        let optimizer = MaskOptimizer(rule: p.optimizer, step: p.step, iterations: p.iterations, timeLimit: p.timeLimit, started: started)
        var random = SeededRandom(seed: seed)
        let result = try optimizer.run(
            initial: [Float](repeating: 1, count: 2 * n),
            direction: { masks, random in
                let (md, mi) = (Array(masks[..<n]), Array(masks[n...]))
                let (ud, ui) = (up.upsample(md), up.upsample(mi))
                let both = zip(ud, ui).map(*)
                let combinedDeletion = try ig(deletion, both, &random)
                let combinedInsertion = try ig(insertion, both, &random)
                let alone = (deletion: try ig(deletion, ud, &random).gradient, insertion: try ig(insertion, ui, &random).gradient)
                var gd = [Float](repeating: 0, count: ud.count), gi = gd
                for j in ud.indices {
                    let shared = combinedDeletion.gradient[j] - combinedInsertion.gradient[j]
                    gd[j] = (shared * ui[j] + alone.deletion[j]) / 2
                    gi[j] = (shared * ud[j] - alone.insertion[j]) / 2
                }
                let product = zip(md, mi).map(*)
                let reg = regularizer.evaluate(product).gradient
                let dd = zip(up.adjoint(gd), zip(reg, mi).map(*)).map(+)
                let di = zip(up.adjoint(gi), zip(reg, md).map(*)).map(+)
                return (dd + di, combinedDeletion.score)
            },
            loss: { masks, random in
                let (md, mi) = (Array(masks[..<n]), Array(masks[n...]))
                let (ud, ui) = (up.upsample(md), up.upsample(mi))
                let both = zip(ud, ui).map(*)
                let paths = try score(deletion, ud, &random) - score(insertion, ui, &random)
                    + score(deletion, both, &random) - score(insertion, both, &random)
                return paths + regularizer.evaluate(zip(md, mi).map(*)).value
            },
            random: &random,
            progress: { progress.report(task: Self.name, done: $0, total: p.iterations, unit: "iterations") })
        let product = zip(result.masks[..<n], result.masks[n...]).map(*)
        let seconds = Date().timeIntervalSince(started)
        let report = MaskExplanationReport(method: Self.name, target: target, seed: seed, maskSize: p.maskSize,
                                           iterationsRequested: result.iterationsRequested,
                                           iterationsCompleted: result.iterationsCompleted, partial: result.partial,
                                           stopReason: result.stopReason.rawValue, scores: result.trace.scores,
                                           steps: result.trace.steps, mask: product, seconds: seconds)
        return StructuredExplanation(heatmap: try problem.heatmap(mask: product, seconds: seconds), partial: result.partial) { _ in
            [("\(Self.name).json", try report.encoded())]
        }
    }
}
