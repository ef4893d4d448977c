import INVCore
import Testing
@testable import INVPlugins

private struct ScoreGolden: Decodable {
    struct Dataset: Decodable {
        let name: String
        let x: GoldenMatrix
    }
    struct Case: Decodable {
        let dataset: String
        let name: String
        let labels: [Int]
        let silhouette: Double
        let calinski_harabasz: Double
        let davies_bouldin: Double
    }
    let datasets: [Dataset]
    let cases: [Case]
}

@Suite struct ClusterScoreTests {
    @Test func scoresEqualScikitLearn() throws {
        let file = try golden(ScoreGolden.self, "scores.json")
        let data = Dictionary(uniqueKeysWithValues: file.datasets.map { ($0.name, $0.x.matrix) })
        for c in file.cases {
            let x = try #require(data[c.dataset])
            expectClose(try Silhouette(parameters: .init()).score(x, labels: c.labels), c.silhouette,
                        rtol: 1e-6, atol: 1e-6, "\(c.name) silhouette")
            expectClose(try CalinskiHarabasz(parameters: .init()).score(x, labels: c.labels), c.calinski_harabasz,
                        rtol: 1e-6, atol: 1e-6, "\(c.name) Calinski–Harabasz")
            expectClose(try DaviesBouldin(parameters: .init()).score(x, labels: c.labels), c.davies_bouldin,
                        rtol: 1e-6, atol: 1e-6, "\(c.name) Davies–Bouldin")
        }
    }

    @Test func directionsAreDeclared() {
        #expect(Silhouette.direction == .higherIsBetter)
        #expect(CalinskiHarabasz.direction == .higherIsBetter)
        #expect(DaviesBouldin.direction == .lowerIsBetter)
    }

    @Test func rejectsOneClusterAndMismatchedLabels() {
        let x = randomMatrix(rows: 6, columns: 2, seed: 1)
        #expect(throws: PluginInputError(plugin: "silhouette", "needs 2 ≤ clusters ≤ rows − 1 = 5, got 1 clusters")) {
            try Silhouette(parameters: .init()).score(x, labels: [0, 0, 0, 0, 0, 0])
        }
        #expect(throws: PluginInputError(plugin: "davies-bouldin", "got 3 labels for 6 rows; expected one label per row")) {
            try DaviesBouldin(parameters: .init()).score(x, labels: [0, 1, 2])
        }
    }

    @Test func singletonClustersScoreZeroSilhouette() throws {
        // Two tight pairs and one singleton: the singleton contributes 0 (Rousseeuw's convention).
        let x = Matrix([[0, 0], [0, 0.1], [5, 5], [5, 5.1], [10, 0]])
        let score = try Silhouette(parameters: .init()).score(x, labels: [0, 0, 1, 1, 2])
        // (0.98592857 + 0.98578716 + 0.98578716 + 0.98592857 + 0) / 5, worked out by hand.
        expectClose(score, 0.7886862915575824, rtol: 1e-12, atol: 1e-12, "silhouette with a singleton")
    }
}
