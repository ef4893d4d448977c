import INVCore

/// t-distributed stochastic neighbour embedding in 2-D (van der Maaten & Hinton 2008, JMLR 9;
/// thesis §3.3.2 and §4.2: scikit-learn's `TSNE` with its defaults after PCA to 50 dimensions).
///
/// Matches scikit-learn 1.x `TSNE()` defaults: perplexity 30; P from the ⌊3·perplexity + 1⌋
/// nearest neighbours (squared Euclidean distances, σᵢ by bisection with scikit-learn's
/// tolerance 1e-5 and 100 steps); early exaggeration 12 for 250 iterations at momentum 0.5, then
/// momentum 0.8 up to 1000 iterations; learning rate "auto" = max(n / 12 / 4, 50); gains with
/// minimum 0.01; progress checked every 50 iterations (patience 300, minimum gradient norm 1e-7);
/// initialisation "pca": the first two principal components scaled so the first has standard
/// deviation 1e-4.
///
/// Differences from scikit-learn, all documented in Plugins/README.md:
/// - The repulsive forces are computed **exactly** (all pairs, `Float` SIMD) for n ≤
///   ``exactGradientLimit`` (thesis layers have 130–512 maps), Barnes–Hut with angle 0.5 above;
///   scikit-learn always uses Barnes–Hut by default. The attractive forces use the same sparse P.
/// - A perplexity above (n − 1)/3 is clamped to max((n − 1)/3, 1) with a warning in the
///   ``Reduction``; scikit-learn raises only when perplexity ≥ n.
/// - The optimiser state is `Double` (scikit-learn's is `float32`); the exact kernel is `Float`.
/// - With init "pca" the result does not depend on the seed (the PCA is exact); init "random"
///   draws N(0, 1e-4²) from the seed.
public struct TSNE: Reducer {
    public static let name = "tsne"
    public static let summary = "t-SNE to 2-D (van der Maaten & Hinton 2008) with scikit-learn's defaults; exact gradient for small n, Barnes–Hut above."
    public static let parameterDocs = [
        "perplexity": "Effective number of neighbours (default 30; clamped to (n−1)/3 with a warning for small inputs).",
        "early_exaggeration": "Factor on P during the first exaggeration_iterations (default 12).",
        "exaggeration_iterations": "Iterations with early exaggeration and momentum 0.5 (default 250).",
        "learning_rate": "\"auto\" = max(n / early_exaggeration / 4, 50), or a positive number.",
        "max_iter": "Total iterations, both phases (default 1000).",
        "n_iter_without_progress": "Stop after this many iterations without a lower KL (checked every 50; default 300).",
        "min_grad_norm": "Stop when the gradient norm falls to this (default 1e-7).",
        "init": "\"pca\" (default; first two components scaled to std 1e-4) or \"random\" (N(0, 1e-4²) from the seed).",
        "gradient": "\"auto\" (exact for n ≤ \(exactGradientLimit), Barnes–Hut above), \"exact\" or \"barnes-hut\".",
        "angle": "Barnes–Hut θ: a cell is summarised when width/distance < θ (default 0.5).",
    ]

    /// Largest n for which `gradient: auto` computes the repulsion exactly (measured crossover
    /// with the Barnes–Hut tree on a 2-core machine; see Plugins/README.md).
    public static let exactGradientLimit = 2000

    public struct Parameters: Codable, Sendable, Equatable, DefaultConstructible {
        public var perplexity: Double = 30
        public var earlyExaggeration: Double = 12
        public var exaggerationIterations: Int = 250
        public var learningRate: LearningRate = .auto
        public var maxIterations: Int = 1000
        public var iterationsWithoutProgress: Int = 300
        public var minimumGradientNorm: Double = 1e-7
        public var initialisation: Initialisation = .pca
        public var gradient: GradientMethod = .auto
        public var angle: Double = 0.5
        public init() {}

        public enum CodingKeys: String, CodingKey, CaseIterable {
            case perplexity
            case earlyExaggeration = "early_exaggeration"
            case exaggerationIterations = "exaggeration_iterations"
            case learningRate = "learning_rate"
            case maxIterations = "max_iter"
            case iterationsWithoutProgress = "n_iter_without_progress"
            case minimumGradientNorm = "min_grad_norm"
            case initialisation = "init"
            case gradient
            case angle
        }
    }

    /// scikit-learn's `learning_rate`: "auto" or a fixed positive number.
    public enum LearningRate: Codable, Sendable, Equatable {
        case auto
        case fixed(Double)

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                guard text == "auto" else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected \"auto\" or a number, got '\(text)'")
                }
                self = .auto
            } else {
                self = .fixed(try container.decode(Double.self))
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .auto: try container.encode("auto")
            case .fixed(let rate): try container.encode(rate)
            }
        }
    }

    public enum Initialisation: String, Codable, Sendable, Equatable, CaseIterable { case pca, random }

    public enum GradientMethod: String, Codable, Sendable, Equatable, CaseIterable {
        case auto
        case exact
        case barnesHut = "barnes-hut"
    }

    public let parameters: Parameters

    public init(parameters: Parameters) throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw PluginInputError(plugin: Self.name, message) }
        }
        try check(parameters.perplexity > 0, "perplexity must be positive, got \(parameters.perplexity)")
        try check(parameters.earlyExaggeration >= 1, "early_exaggeration must be at least 1, got \(parameters.earlyExaggeration)")
        try check(parameters.maxIterations >= 1, "max_iter must be at least 1, got \(parameters.maxIterations)")
        try check((0...parameters.maxIterations).contains(parameters.exaggerationIterations),
                  "exaggeration_iterations must be in 0…max_iter (\(parameters.maxIterations)), got \(parameters.exaggerationIterations)")
        try check(parameters.iterationsWithoutProgress >= 0, "n_iter_without_progress must be at least 0")
        try check(parameters.minimumGradientNorm >= 0, "min_grad_norm must be at least 0")
        try check((0...1).contains(parameters.angle), "angle must be in 0…1, got \(parameters.angle)")
        if case .fixed(let rate) = parameters.learningRate {
            try check(rate > 0, "learning_rate must be positive or \"auto\", got \(rate)")
        }
        self.parameters = parameters
    }

    public func reduce(_ x: Matrix, seed: UInt64) throws -> Matrix {
        try embed(x, seed: seed).embedding
    }

    public func reduction(_ x: Matrix, seed: UInt64) throws -> Reduction {
        let result = try embed(x, seed: seed)
        return Reduction(points: result.embedding, warnings: result.warnings, diagnostics: [
            "kl_divergence": result.klDivergence,
            "iterations": Double(result.iterations),
            "perplexity": result.perplexity,
            "learning_rate": result.learningRate,
        ])
    }
}
