import Testing
import INVCore
@testable import INVRunner

@Suite struct GridExpansionTests {
    static let grid = minimal + """
    grid:
      inv.weighting.plugin: [guided, grad-cam]
      inv.clusterer.linkage: [ward, average, complete]
    zip:
      - inv.reducers[1].perplexity: [5, 10]
        inv.k: [[2, 4], [3, 5]]

    """

    @Test func cartesianProductWithZipGroups() throws {
        let experiment = try Experiment.load(yaml: Self.grid, source: "t", plugins: testPlugins)
        #expect(experiment.points.count == 2 * 3 * 2)
        // Factors: grid keys sorted (clusterer.linkage, weighting.plugin), then the zip group; the first varies slowest.
        #expect(experiment.points[0].label == "inv.clusterer.linkage=ward, inv.weighting.plugin=guided, inv.k=[2, 4], inv.reducers[1].perplexity=5")
        #expect(experiment.points[1].label == "inv.clusterer.linkage=ward, inv.weighting.plugin=guided, inv.k=[3, 5], inv.reducers[1].perplexity=10")
        #expect(experiment.points[2].config.inv.weighting.plugin == "grad-cam")
        let last = experiment.points[11].config
        #expect(last.inv.clusterer.parameters["linkage"] == .string("complete"))
        #expect(last.inv.k == [3, 5])
        #expect(last.inv.reducers[1].parameters["perplexity"] == .int(10))
        #expect(Set(experiment.points.map(\.id)).count == 12)
        #expect(experiment.points.allSatisfy { $0.id.count == 12 })
    }

    @Test func idsAreStableAndDependOnlyOnTheResolvedSettings() throws {
        let a = try Experiment.load(yaml: Self.grid, source: "t", plugins: testPlugins).points
        let b = try Experiment.load(yaml: Self.grid.replacingOccurrences(of: "name: t", with: "name: other"), source: "t", plugins: testPlugins).points
        #expect(a.map(\.id) == b.map(\.id), "the name does not enter the id")
        // Stating a default explicitly gives the same point.
        let implicit = try Experiment.load(yaml: minimal, source: "t", plugins: testPlugins).points[0].id
        let explicit = try Experiment.load(yaml: minimal + "inv: {clusterer: {plugin: agglomerative, linkage: ward}}", source: "t", plugins: testPlugins).points[0].id
        #expect(implicit == explicit)
        let other = try Experiment.load(yaml: minimal + "seed: 1", source: "t", plugins: testPlugins).points[0].id
        #expect(other != implicit)
    }

    @Test func everyPointIsValidatedBeforeAnything() {
        #expect(configError(minimal + "grid: {inv.clusterer.linkage: [ward, avrage]}")
                == "inv.clusterer.linkage: expected one of ward, complete, average, single, got 'avrage'. Did you mean 'average'? (in grid point 2 of 2: inv.clusterer.linkage=avrage)")
        #expect(configError(minimal + "grid: {inv.weighting.plugin: [guided, gradcam]}")
                == "inv.weighting: unknown weighting 'gradcam'; available: guided, grad-cam, grad-cam-plus, grad-cam-plusplus, x-grad-cam, score-cam. Did you mean 'grad-cam'? (in grid point 2 of 2: inv.weighting.plugin=gradcam)")
        #expect(configError(minimal + "grid: {inv.clustrer.linkage: [ward]}")
                == "inv.clustrer: unknown key 'clustrer'; allowed keys: weighting, threshold, reducers, clusterer, k-selection, k, cluster-threshold, masks. Did you mean 'clusterer'?")
        #expect(configError(minimal + "zip: [{seed: [1, 2], inv.k: [[2, 3]]}]")
                == "zip[0].seed: the lists of a zip group must have the same non-zero length; 'inv.k' has 1, 'seed' has 2")
        #expect(configError(minimal + "grid: {seed: [1, 1]}")
                == "grid: points 1 and 2 resolve to the same settings (id \(idOfSeed1())); remove the duplicate values")
        #expect(configError(minimal + "grid: {seed: []}") == "grid.seed: expected a non-empty list of values")
        #expect(configError(minimal + "grid: {name: [a, b]}") == "grid.name: 'name' cannot vary over a grid")
        #expect(configError(minimal + "grid: {seed: [1]}\nzip: [{seed: [2]}]") == "zip[0].seed: key path 'seed' appears more than once in grid/zip")
    }

    private func idOfSeed1() -> String {
        (try? Experiment.load(yaml: minimal + "seed: 1", source: "t", plugins: testPlugins).points[0].id) ?? "?"
    }

    @Test func keyPaths() throws {
        #expect(try KeyPath("inv.reducers[1].perplexity").components == [.key("inv"), .key("reducers"), .index(1), .key("perplexity")])
        #expect(try KeyPath("inv.k-selection.plugin").components == [.key("inv"), .key("k-selection"), .key("plugin")])
        #expect(throws: ConfigError.self) { try KeyPath("inv.reducers[x]") }
        #expect(throws: ConfigError.self) { try KeyPath("") }
        #expect(try KeyPath("a.b").setting(.int(1), in: .object(["c": .null])) == .object(["a": .object(["b": .int(1)]), "c": .null]))
    }

    @Test func settingThroughAScalarIsAnError() {
        #expect(throws: ConfigError(path: "a", message: "cannot set 'a.b': this is a string, not a mapping")) {
            try KeyPath("a.b").setting(.int(1), in: .object(["a": .string("s")]))
        }
    }

    @Test func shardsAreDisjointAndCoverEverything() throws {
        let items = (0..<40).map { ("p\($0 % 5)", "img\($0)") }
        let shards = try (0..<3).map { try Shard(index: $0, count: 3) }
        for (point, image) in items {
            #expect(shards.filter { $0.contains(point: point, image: image) }.count == 1)
        }
        #expect(throws: ConfigError(path: "--shard", message: "expected I/N with 0 ≤ I < N, got 3/3")) { try Shard("3/3") }
        #expect(throws: ConfigError(path: "--shard", message: "expected I/N with 0 ≤ I < N, got 'a/3'")) { try Shard("a/3") }
    }

    @Test func pathExpansion() throws {
        let expansion = PathExpansion(environment: ["HOME": "/home/u", "DATA": "/data"], defaultCache: "/home/u/.cache/invkit", base: URL(fileURLWithPath: "/work"))
        #expect(try expansion.expand("~/x.png", key: "k") == "/home/u/x.png")
        #expect(try expansion.expand("${INV_CACHE}/photos", key: "k") == "/home/u/.cache/invkit/photos")
        #expect(try expansion.expand("${DATA}/a/${DATA}", key: "k") == "/data/a//data")
        #expect(throws: ConfigError(path: "images.folder", message: "environment variable 'NOPE' is not set (in '${NOPE}/x')")) {
            try expansion.expand("${NOPE}/x", key: "images.folder")
        }
        #expect(try expansion.url("rel/a.png", key: "k").path == "/work/rel/a.png")
    }
}

import Foundation
