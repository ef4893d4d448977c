import INVCore
import Testing
@testable import INVPlugins

@Suite struct RegistryTests {
    private static let families = NumericFamilies.builtIn
    private static let reducerNames = families.reducers.names
    private static let clustererNames = families.clusterers.names
    private static let scoreNames = families.clusterScores.names

    @Test func listsEveryPluginOnce() {
        #expect(Self.reducerNames == ["tsne", "pca", "none"])
        #expect(Self.clustererNames == ["agglomerative", "kmeans"])
        #expect(Self.scoreNames == ["silhouette", "calinski-harabasz", "davies-bouldin"])
    }

    @Test(arguments: reducerNames)
    func reducerDecodesDefaultsAndRejectsUnknownKeys(name: String) throws {
        _ = try Self.families.reducers.make(PluginSpec(name))
        #expect(throws: ConfigError.self) { try Self.families.reducers.make(PluginSpec(name, ["bogus_key": .int(1)])) }
    }

    @Test(arguments: clustererNames)
    func clustererDecodesDefaultsAndRejectsUnknownKeys(name: String) throws {
        _ = try Self.families.clusterers.make(PluginSpec(name))
        #expect(throws: ConfigError.self) { try Self.families.clusterers.make(PluginSpec(name, ["bogus_key": .int(1)])) }
    }

    @Test(arguments: scoreNames)
    func scoreDecodesDefaultsAndRejectsUnknownKeys(name: String) throws {
        _ = try Self.families.clusterScores.make(PluginSpec(name))
        #expect(throws: ConfigError.self) { try Self.families.clusterScores.make(PluginSpec(name, ["bogus_key": .int(1)])) }
    }

    @Test func defaultsAreThePapersAndErrorsNameTheKey() throws {
        let tsne = try #require(try Self.families.reducers.make(PluginSpec("tsne")) as? TSNE)
        #expect(tsne.parameters == TSNE.Parameters())
        #expect(tsne.parameters.learningRate == .auto && tsne.parameters.maxIterations == 1000)
        let custom = try #require(try Self.families.reducers.make(PluginSpec("tsne", ["learning_rate": .int(200), "init": .string("random")])) as? TSNE)
        #expect(custom.parameters.learningRate == .fixed(200) && custom.parameters.initialisation == .random)
        #expect(throws: ConfigError(path: "perplexty", message: "unknown key 'perplexty'; allowed keys: plugin, angle, early_exaggeration, exaggeration_iterations, gradient, init, learning_rate, max_iter, min_grad_norm, n_iter_without_progress, perplexity. Did you mean 'perplexity'?")) {
            try Self.families.reducers.make(PluginSpec("tsne", ["perplexty": .int(5)]))
        }
        let ward = try #require(try Self.families.clusterers.make(PluginSpec("agglomerative")) as? Agglomerative)
        #expect(ward.parameters.linkage == .ward)
        #expect(throws: ConfigError.self) { try Self.families.clusterers.make(PluginSpec("agglomerative", ["linkage": .string("centroid")])) }
    }
}
