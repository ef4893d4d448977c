import INVCore
import Testing
@testable import INVPlugins

private struct PCAGolden: Decodable {
    struct Case: Decodable {
        let name: String
        let components: Int
        let x: GoldenMatrix
        let explained_variance: [Double]
        let explained_variance_ratio: [Double]
        let axes: GoldenMatrix
    }
    let cases: [Case]
}

@Suite struct PCATests {
    /// Components whose variance is numerically zero have arbitrary axes; only the others are compared.
    private static let meaningfulRatio = 1e-10

    @Test func explainedVarianceAxesAndScoresMatchScikitLearn() throws {
        for c in try golden(PCAGolden.self, "pca.json").cases {
            let x = c.x.matrix
            let fit = try PCA(parameters: .init(components: c.components)).fit(x)
            #expect(fit.components.rows == min(c.components, x.rows, x.columns), "\(c.name): component count")
            expectClose(fit.explainedVariance, c.explained_variance, rtol: 1e-9, atol: 1e-12, "\(c.name) explained variance")
            expectClose(fit.explainedVarianceRatio, c.explained_variance_ratio, rtol: 1e-9, atol: 1e-12, "\(c.name) ratio")

            let kept = c.explained_variance_ratio.filter { $0 > Self.meaningfulRatio }.count
            let d = x.columns
            for m in 0..<kept {
                let ours = Array(fit.components.values[(m * d)..<((m + 1) * d)])
                let theirs = Array(c.axes.values[(m * d)..<((m + 1) * d)])
                // Same sign convention (svd_flip), so the axes agree entry by entry.
                expectClose(ours, theirs, rtol: 1e-6, atol: 1e-8, "\(c.name) axis \(m)")
            }
            // Scores are the centred rows projected on scikit-learn's axes.
            for i in 0..<x.rows {
                var expected = [Double](repeating: 0, count: kept)
                for m in 0..<kept {
                    for j in 0..<d { expected[m] += (x[i, j] - fit.mean[j]) * c.axes.values[m * d + j] }
                }
                expectClose(Array(fit.scores.row(i).prefix(kept)), expected, rtol: 1e-6, atol: 1e-8, "\(c.name) scores row \(i)")
            }
        }
    }

    @Test func defaultKeepsMinOfFiftyRowsAndColumns() throws {
        let pca = try PCA(parameters: .init())
        #expect(try pca.reduce(randomMatrix(rows: 60, columns: 70, seed: 1), seed: 0).columns == 50)
        #expect(try pca.reduce(randomMatrix(rows: 12, columns: 70, seed: 2), seed: 0).columns == 12)
        #expect(try pca.reduce(randomMatrix(rows: 90, columns: 7, seed: 3), seed: 0).columns == 7)
    }

    @Test func reportsExplainedVarianceAndRejectsNonFiniteInput() throws {
        let pca = try PCA(parameters: .init(components: 3))
        let reduction = try pca.reduction(randomMatrix(rows: 20, columns: 9, seed: 4), seed: 0)
        let ratio = try #require(reduction.diagnostics["explained_variance_ratio"])
        #expect(ratio > 0 && ratio < 1)
        var bad = randomMatrix(rows: 5, columns: 4, seed: 5)
        bad[2, 3] = .nan
        #expect(throws: PluginInputError.self) { try pca.reduce(bad, seed: 0) }
    }
}
