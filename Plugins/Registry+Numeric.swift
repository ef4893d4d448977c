import INVCore

extension NumericFamilies {
    /// Every built-in reducer, clusterer and k-selection score, listed explicitly; `main` passes
    /// this down (no global registration). The first entry of each family is the thesis default.
    public static let builtIn = NumericFamilies(
        reducers: PluginFamily("reducer", [
            .init(TSNE.self) { $0 },
            .init(PCA.self) { $0 },
            .init(IdentityReducer.self) { $0 },
        ]),
        clusterers: PluginFamily("clusterer", [
            .init(Agglomerative.self) { $0 },
            .init(KMeans.self) { $0 },
        ]),
        clusterScores: PluginFamily("cluster score", [
            .init(Silhouette.self) { $0 },
            .init(CalinskiHarabasz.self) { $0 },
            .init(DaviesBouldin.self) { $0 },
        ]))
}
