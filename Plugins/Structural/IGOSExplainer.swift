import Foundation
import INVCore
import INVEngine

/// `igos`: I-GOS (Qi, Khorram & Li, "Visualizing Deep Networks by Optimizing with Integrated
/// Gradients", AAAI 2020, Eq. 3–6). A low-resolution mask `M` (`s × s`, 1 = keep) is upsampled to
/// `U` and minimises the deletion objective
/// `f_c(x ⊙ U + x̃ ⊙ (1 − U)) + λ₁ ‖1 − M‖₁ / s² + λ₂ TV(M)` with `x̃` the blurred image; the descent
/// direction replaces the gradient of the first term by its integrated gradient along the path
/// from `x̃` to the masked image (``PerturbationPath``), the step comes from a backtracking line
/// search. The heatmap is `1 − U`.
///
/// Defaults are those of the authors' code (`IGOS_pp/methods.py` as `main.py` calls it): mask
/// 28 × 28 initialised to ones, λ₁ = 1, λ₂ = 20, 15 integration steps with Gaussian noise σ = 0.2
/// on each path image, 20 iterations, initial step 1000, blur 51 × 51 with σ = 50, softmax output.
public struct IGOSExplainer: StructuredExplainer, Plugin {
    public struct Parameters: Codable, Sendable, DefaultConstructible {
        public var maskSize = 28
        public var iterations = 20
        public var integrationSteps = 15
        public var l1: Float = 1
        public var tv: Float = 20
        public var noise: Float = 0.2
        public var optimizer = MaskStepRule.lineSearch
        public var step: Float = 1000
        public var blurSigma: Float = 50
        public var blurRadius = 25
        public var batchSize = 15
        public var timeLimit = 0.0
        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable {
            case maskSize = "mask-size", iterations, integrationSteps = "integration-steps", l1, tv, noise, optimizer, step
            case blurSigma = "blur-sigma", blurRadius = "blur-radius", batchSize = "batch-size", timeLimit = "time-limit"
        }

        func validated(_ method: String) throws -> Parameters {
            guard maskSize >= 2, iterations >= 1, integrationSteps >= 1, batchSize >= 1, blurRadius >= 0 else {
                throw ConfigError(path: method, message: "expected mask-size ≥ 2, iterations, integration-steps and batch-size ≥ 1, blur-radius ≥ 0")
            }
            guard l1 >= 0, tv >= 0, noise >= 0, step > 0, blurSigma >= 0, timeLimit >= 0,
                  [l1, tv, noise, step, blurSigma].allSatisfy(\.isFinite) else {
                throw ConfigError(path: method, message: "expected finite l1, tv, noise, blur-sigma, time-limit ≥ 0 and step > 0")
            }
            return self
        }
    }
    public static let name = "igos"
    public static let summary = "I-GOS (Qi et al. 2020): mask optimised with integrated-gradient descent + line search; heatmap 1 − M (28², λ₁ 1, λ₂ 20)."
    public static let parameterDocs = [
        "mask-size": "side s of the s × s mask (authors: 28; 224 = pixel resolution)",
        "iterations": "descent iterations (authors: 20)",
        "integration-steps": "points N of the integrated-gradient path (authors: 15)",
        "l1": "λ₁, weight of mean |1 − M| (larger = smaller deletion region)",
        "tv": "λ₂, weight of the total variation of M (β = 2)",
        "noise": "σ of the Gaussian noise added to each path image (authors: 0.2)",
        "optimizer": "line-search (authors' I-GOS) or nesterov",
        "step": "initial line-search step / Nesterov learning rate (authors: 1000)",
        "blur-sigma": "σ in pixels of the blurred baseline (authors: 50)",
        "blur-radius": "radius of the blur kernel (authors: 25, a 51 × 51 kernel)",
        "batch-size": "path images per model call (forward, and forward + backward for the integrated gradients)",
        "time-limit": "seconds after which the run stops and returns its mask marked partial; 0 = none",
    ]
    let parameters: Parameters

    public init(parameters: Parameters) throws { self.parameters = try parameters.validated(Self.name) }

    public func explainStructure(image: Tensor, target: Int, model: any ClassifierModel, seed: UInt64,
                                 progress: ProgressReporter) throws -> StructuredExplanation {
        let started = Date()
        try model.validate(image: image, target: target, method: Self.name)
        let p = parameters
        let problem = try MaskProblem(image: image, maskSize: p.maskSize, blurSigma: p.blurSigma, blurRadius: p.blurRadius)
        let path = problem.deletionPath(steps: p.integrationSteps, noise: p.noise)
        let regularizer = MaskRegularizer(sparsity: p.l1, smoothness: p.tv, bilateral: nil, upsampler: problem.upsampler)
        let upsampler = problem.upsampler
        let optimizer = MaskOptimizer(rule: p.optimizer, step: p.step, iterations: p.iterations, timeLimit: p.timeLimit, started: started)
        let batcher = InputGradients(model: model, chunk: p.batchSize)
        var random = SeededRandom(seed: seed)
        let result = try optimizer.run(
            initial: [Float](repeating: 1, count: p.maskSize * p.maskSize),
            direction: { mask, random in
                let (score, gradient) = try path.integratedGradient(batcher, target: target, mask: upsampler.upsample(mask),
                                                                    random: &random)
                let total = zip(upsampler.adjoint(gradient), regularizer.evaluate(mask).gradient).map(+)
                return (total, score)
            },
            loss: { mask, random in
                try path.score(model: model, target: target, mask: upsampler.upsample(mask), random: &random,
                               batchSize: p.batchSize) + regularizer.evaluate(mask).value
            },
            random: &random,
            progress: { progress.report(task: Self.name, done: $0, total: p.iterations, unit: "iterations") })
        let seconds = Date().timeIntervalSince(started)
        let report = MaskExplanationReport(method: Self.name, target: target, seed: seed, maskSize: p.maskSize,
                                           iterationsRequested: result.iterationsRequested,
                                           iterationsCompleted: result.iterationsCompleted, partial: result.partial,
                                           stopReason: result.stopReason.rawValue, scores: result.trace.scores,
                                           steps: result.trace.steps, mask: result.masks, seconds: seconds)
        return StructuredExplanation(heatmap: try problem.heatmap(mask: result.masks, seconds: seconds), partial: result.partial) { _ in
            [("\(Self.name).json", try report.encoded())]
        }
    }
}
