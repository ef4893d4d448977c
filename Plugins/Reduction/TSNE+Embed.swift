import INVCore

/// A t-SNE run: the embedding and what scikit-learn would report beside it.
public struct TSNEResult: Sendable {
    /// n × 2.
    public var embedding: Matrix
    /// KL(P‖Q) at the last iteration, computed as scikit-learn reports `kl_divergence_`.
    public var klDivergence: Double
    /// Iterations run (scikit-learn's `n_iter_ + 1`).
    public var iterations: Int
    /// The perplexity used (the requested one unless it was clamped).
    public var perplexity: Double
    public var learningRate: Double
    /// Whether the repulsion used the Barnes–Hut tree rather than all pairs.
    public var usedBarnesHut: Bool
    /// Parameters adjusted for this input, in words.
    public var warnings: [String]
}

extension TSNE {
    /// Embeds the rows of `x` (n ≥ 2) in 2-D. `seed` only matters with `init: random`.
    public func embed(_ x: Matrix, seed: UInt64) throws -> TSNEResult {
        let n = x.rows
        guard n >= 2 else { throw PluginInputError(plugin: Self.name, "needs at least 2 rows, got \(n)") }
        try x.requireFinite(for: Self.name)
        var warnings = [String]()

        var perplexity = parameters.perplexity
        let largest = max(Double(n - 1) / 3, 1)
        if perplexity > largest {
            warnings.append("perplexity \(parameters.perplexity) is larger than (n − 1)/3 for n = \(n); clamped to \(largest)")
            perplexity = largest
        }
        let learningRate: Double
        switch parameters.learningRate {
        case .auto: learningRate = max(Double(n) / parameters.earlyExaggeration / 4, 50)
        case .fixed(let rate): learningRate = rate
        }
        let usesBarnesHut = switch parameters.gradient {
        case .auto: n > Self.exactGradientLimit
        case .exact: false
        case .barnesHut: true
        }

        let affinities = TSNEAffinities(x, perplexity: perplexity)
        let start = try initialPositions(x, seed: seed, warnings: &warnings)
        let exact = usesBarnesHut ? nil : ExactForces(affinities)
        let angle = parameters.angle
        func objective(exaggeration: Double) -> TSNEOptimizer.Objective {
            { y, wantsError in
                let points = EmbeddingPoints(interleaved: y)
                let forces: TSNEForces
                if let exact {
                    forces = exact(points)
                } else {
                    let repulsion = BarnesHutTree(points).repulsion(angle: angle)
                    forces = TSNEForces(attraction: affinities.attraction(points), repulsion: repulsion.forces, z: repulsion.z)
                }
                let kl = wantsError ? affinities.klDivergence(points, z: forces.z, exaggeration: exaggeration) : nil
                return (kl, forces.gradient(exaggeration: exaggeration))
            }
        }

        let total = parameters.maxIterations, explore = parameters.exaggerationIterations
        var optimiser = TSNEOptimizer(learningRate: learningRate, momentum: 0.5, patience: explore,
                                      minimumGradientNorm: parameters.minimumGradientNorm)
        var state = optimiser.run(from: start, iterations: 0..<explore,
                                  objective: objective(exaggeration: parameters.earlyExaggeration))
        if explore == 0 { state.lastIteration = -1 }
        if state.lastIteration + 1 < total {
            optimiser.momentum = 0.8
            optimiser.patience = parameters.iterationsWithoutProgress
            state = optimiser.run(from: state.parameters, iterations: (state.lastIteration + 1)..<total,
                                  objective: objective(exaggeration: 1))
        }
        let klDivergence = state.error ?? {
            let points = EmbeddingPoints(interleaved: state.parameters)
            let z = exact.map { $0(points).z } ?? BarnesHutTree(points).repulsion(angle: angle).z
            return affinities.klDivergence(points, z: z, exaggeration: 1)
        }()
        return TSNEResult(embedding: Matrix(rows: n, columns: 2, values: state.parameters), klDivergence: klDivergence,
                          iterations: state.lastIteration + 1, perplexity: perplexity, learningRate: learningRate,
                          usedBarnesHut: usesBarnesHut, warnings: warnings)
    }

    /// Interleaved (x, y) start positions: scikit-learn's PCA initialisation (two components, as
    /// `float32`, divided by the standard deviation of the first and multiplied by 1e-4), or
    /// N(0, 1e-4²) from the seed. A PCA whose first component has no variance (all rows equal)
    /// falls back to the random start, with a warning.
    private func initialPositions(_ x: Matrix, seed: UInt64, warnings: inout [String]) throws -> [Double] {
        let n = x.rows
        if parameters.initialisation == .pca {
            let fit = try PCAFit(x, components: min(2, x.columns, n))
            var start = [Double](repeating: 0, count: 2 * n)
            for i in 0..<n { for c in 0..<fit.scores.columns { start[2 * i + c] = Double(Float(fit.scores[i, c])) } }
            let mean = (0..<n).reduce(0) { $0 + start[2 * $1] } / Double(n)
            let deviation = ((0..<n).reduce(0) { $0 + (start[2 * $1] - mean) * (start[2 * $1] - mean) } / Double(n)).squareRoot()
            if deviation > 0 {
                return start.map { $0 / deviation * 1e-4 }
            }
            warnings.append("PCA initialisation is degenerate (the rows do not vary); started from N(0, 1e-4²) with the seed instead")
        }
        var random = SeededRandom(seed: seed)
        return (0..<(2 * n)).map { _ in 1e-4 * random.normal() }
    }
}
