import INVCore
import Testing
@testable import INVPlugins

private struct TSNEGolden: Decodable {
    let x: GoldenMatrix
    let truth: [Int]
    let kl_divergence: Double
    let trustworthiness: Double
    let trustworthiness_first_two_columns: Double
}

@Suite struct TSNETests {
    private static func bits(_ m: Matrix) -> [UInt64] { m.values.map(\.bitPattern) }

    @Test(arguments: [TSNE.GradientMethod.exact, .barnesHut])
    func matchesScikitLearnQualityOnBlobs(gradient: TSNE.GradientMethod) throws {
        let file = try golden(TSNEGolden.self, "tsne.json")
        var parameters = TSNE.Parameters()
        parameters.gradient = gradient
        let result = try TSNE(parameters: parameters).embed(file.x.matrix, seed: 0)
        let relative = abs(result.klDivergence - file.kl_divergence) / file.kl_divergence
        #expect(relative <= 0.05, "\(gradient): KL \(result.klDivergence), scikit-learn \(file.kl_divergence) (\(relative * 100) %)")
        let trust = try trustworthiness(original: file.x.matrix, embedded: result.embedding, neighbours: 5)
        #expect(trust >= file.trustworthiness - 0.01, "\(gradient): trustworthiness \(trust), scikit-learn \(file.trustworthiness)")
        // The five blobs come out as five groups: Ward on the embedding recovers them.
        let labels = try #require(try Agglomerative(parameters: .init()).partitions(result.embedding, ks: [5], seed: 0)[5])
        #expect(adjustedRandIndex(labels, file.truth) >= 0.99, "\(gradient): ARI \(adjustedRandIndex(labels, file.truth))")
        #expect(result.warnings.isEmpty)
    }

    @Test func trustworthinessEqualsScikitLearns() throws {
        let file = try golden(TSNEGolden.self, "tsne.json")
        let x = file.x.matrix
        let firstTwo = Matrix(rows: x.rows, columns: 2, values: (0..<x.rows).flatMap { [x[$0, 0], x[$0, 1]] })
        expectClose(try trustworthiness(original: x, embedded: firstTwo, neighbours: 5), file.trustworthiness_first_two_columns,
                    rtol: 1e-12, atol: 1e-12, "trustworthiness of the first two columns")
        #expect(throws: PluginInputError.self) { try trustworthiness(original: x, embedded: firstTwo, neighbours: 75) }
    }

    @Test func sameSeedSameBitsDifferentSeedDifferentEmbedding() throws {
        let x = randomMatrix(rows: 60, columns: 8, seed: 11)
        var parameters = TSNE.Parameters()
        parameters.maxIterations = 300
        let pcaStart = try TSNE(parameters: parameters)
        #expect(Self.bits(try pcaStart.reduce(x, seed: 1)) == Self.bits(try pcaStart.reduce(x, seed: 1)))
        // The PCA start is exact, so the seed has no effect with init "pca" (scikit-learn: almost none).
        #expect(Self.bits(try pcaStart.reduce(x, seed: 1)) == Self.bits(try pcaStart.reduce(x, seed: 2)))

        parameters.initialisation = .random
        let randomStart = try TSNE(parameters: parameters)
        let a = try randomStart.reduce(x, seed: 1), b = try randomStart.reduce(x, seed: 1), c = try randomStart.reduce(x, seed: 2)
        #expect(Self.bits(a) == Self.bits(b))
        let largestDifference = zip(a.values, c.values).map { abs($0 - $1) }.max() ?? 0
        #expect(largestDifference > 1e-3, "seeds 1 and 2 gave embeddings within \(largestDifference)")
    }

    @Test func perplexityIsClampedForTenPoints() throws {
        let x = randomMatrix(rows: 10, columns: 5, seed: 3)
        let reduction = try TSNE(parameters: .init()).reduction(x, seed: 0)
        #expect(reduction.points.rows == 10 && reduction.points.columns == 2)
        #expect(reduction.points.values.allSatisfy { $0.isFinite })
        expectClose(try #require(reduction.diagnostics["perplexity"]), 3, "clamped perplexity")
        #expect(reduction.warnings == ["perplexity 30.0 is larger than (n − 1)/3 for n = 10; clamped to 3.0"])
    }

    @Test func tinyInputsDoNotCrash() throws {
        let tsne = try TSNE(parameters: .init())
        for n in 2...4 {
            let points = try tsne.reduce(randomMatrix(rows: n, columns: 3, seed: UInt64(n)), seed: 0)
            #expect(points.rows == n && points.values.allSatisfy { $0.isFinite }, "n = \(n)")
        }
        // Identical rows: the PCA start is degenerate, the random start takes over with a warning.
        let same = try tsne.reduction(Matrix(rows: 6, columns: 3, repeating: 0.5), seed: 0)
        #expect(same.points.values.allSatisfy { $0.isFinite })
        #expect(same.warnings.contains { $0.hasPrefix("PCA initialisation is degenerate") })
        #expect(throws: PluginInputError(plugin: "tsne", "needs at least 2 rows, got 1")) {
            try tsne.reduce(Matrix(rows: 1, columns: 3), seed: 0)
        }
    }

    @Test func barnesHutWithAngleZeroIsTheExactRepulsion() {
        var random = SeededRandom(seed: 4)
        let positions = (0..<(2 * 300)).map { _ in 10 * random.normal() }
        let points = EmbeddingPoints(interleaved: positions)
        let affinities = TSNEAffinities(randomMatrix(rows: 300, columns: 6, seed: 5), perplexity: 30)
        let exact = ExactForces(affinities)(points)
        let tree = BarnesHutTree(points).repulsion(angle: 0)
        expectClose(tree.forces, exact.repulsion, rtol: 1e-4, atol: 1e-6, "θ = 0 repulsion")
        expectClose(tree.z, exact.z, rtol: 1e-5, atol: 0, "θ = 0 Z")
        expectClose(affinities.attraction(points), exact.attraction, rtol: 1e-4, atol: 1e-9, "sparse and dense attraction")
        let approximate = BarnesHutTree(points).repulsion(angle: 0.5)
        expectClose(approximate.z, exact.z, rtol: 0.02, atol: 0, "θ = 0.5 Z")
    }

    @Test func rejectsBadParameters() {
        var parameters = TSNE.Parameters()
        parameters.perplexity = 0
        #expect(throws: PluginInputError(plugin: "tsne", "perplexity must be positive, got 0.0")) { try TSNE(parameters: parameters) }
        parameters = .init()
        parameters.learningRate = .fixed(-1)
        #expect(throws: PluginInputError(plugin: "tsne", "learning_rate must be positive or \"auto\", got -1.0")) { try TSNE(parameters: parameters) }
    }
}
