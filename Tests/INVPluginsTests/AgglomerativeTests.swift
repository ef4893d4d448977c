import INVCore
import Testing
@testable import INVPlugins

private struct AgglomerativeGolden: Decodable {
    struct Case: Decodable {
        let name: String
        let x: GoldenMatrix
        /// linkage → k → scikit-learn labels.
        let labels: [String: [String: [Int]]]
    }
    let cases: [Case]
}

@Suite struct AgglomerativeTests {
    @Test(arguments: Linkage.allCases)
    func labelsEqualScikitLearnUpToPermutation(linkage: Linkage) throws {
        let clusterer = Agglomerative(parameters: .init(linkage: linkage))
        for c in try golden(AgglomerativeGolden.self, "agglomerative.json").cases {
            let expected = try #require(c.labels[linkage.rawValue], "\(c.name): no \(linkage) labels")
            let ours = try clusterer.partitions(c.x.matrix, ks: Array(3...8), seed: 0)
            for k in 3...8 {
                let theirs = try #require(expected["\(k)"])
                let labels = try #require(ours[k], "\(c.name) \(linkage) k=\(k) missing")
                let mismatch = firstPermutationMismatch(labels, theirs)
                #expect(mismatch == nil, "\(c.name) \(linkage) k=\(k): partitions differ at row \(mismatch ?? -1); ARI \(adjustedRandIndex(labels, theirs))")
            }
        }
    }

    @Test func cutsAreNestedAndNumberedFromZero() throws {
        let x = randomMatrix(rows: 40, columns: 3, seed: 9)
        let partitions = try Agglomerative(parameters: .init()).partitions(x, ks: Array(1...40), seed: 0)
        for k in 1...40 {
            let labels = try #require(partitions[k])
            #expect(Set(labels) == Set(0..<k), "k=\(k): labels \(Set(labels).sorted())")
            guard k > 1, let coarser = partitions[k - 1] else { continue }
            // Every cluster at k lies inside one cluster at k − 1.
            var parent = [Int: Int]()
            for (fine, coarse) in zip(labels, coarser) {
                #expect(parent[fine, default: coarse] == coarse, "k=\(k) is not a refinement of k=\(k - 1)")
                parent[fine] = coarse
            }
        }
    }

    @Test func skipsClusterCountsTheRowsCannotHave() throws {
        let x = randomMatrix(rows: 5, columns: 2, seed: 3)
        let partitions = try Agglomerative(parameters: .init()).partitions(x, ks: Array(3...8), seed: 0)
        #expect(partitions.keys.sorted() == [3, 4, 5])
        #expect(admissibleClusterCounts(Array(3...8), samples: 5) == [3, 4])
        #expect(admissibleClusterCounts(Array(3...8), samples: 3) == [])
        #expect(admissibleClusterCounts([8, 3, 3, 1, 2], samples: 100) == [2, 3, 8])
    }
}
