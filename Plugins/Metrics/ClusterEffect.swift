import INVCore
import INVEngine

/// `cluster-effect` (issue 5, INV only): does a cluster's INV weight predict what its region does
/// to the prediction?
///
/// For each cluster map `A_Ci` (``ClusterMap``, at input resolution as the `inv` explainer's
/// per-cluster heatmaps), its region is the `fraction` of the image's pixels with the highest map
/// values (ties: larger pixel index first, as the deletion metric). That region alone is deleted
/// — set to 0 in the model's normalised input space, deletion's replacement — and the cluster's
/// **drop** is `p(x) − p(x with the region deleted)`, `p` the target's softmax probability.
/// The score is Spearman's rank correlation between the cluster weights `w_Ci` and the drops
/// (average ranks for ties): +1 when heavier clusters always hurt the prediction more. It is
/// undefined (nil) for fewer than two clusters or when weights or drops are all equal.
///
/// A metric of INV's clusters (``Metric/scoresClusters``): `metrics: [cluster-effect]` in a run
/// scores each point's explained layer (the baselines, which have no clusters, skip it); the
/// per-cluster drops are kept in ``MetricResult/perCluster``.
public struct ClusterEffectMetric: Metric {
    public struct Parameters: Codable, Sendable, DefaultConstructible {
        /// Share of the image's pixels deleted per cluster (its top pixels).
        public var fraction = 0.2
        public var batchSize = 16
        public init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case fraction, batchSize = "batch-size" }
    }
    public static let name = "cluster-effect"
    public static let summary = "INV cluster effect: confidence drop when one cluster's top pixels are deleted, and its rank correlation with the cluster weights; higher is better."
    public static let parameterDocs = ["fraction": "share of pixels deleted per cluster (its top pixels)",
                                       "batch-size": "images per model call"]
    public static let direction = Direction.higherIsBetter
    public static let scoresClusters = true
    let parameters: Parameters

    public init(parameters: Parameters) throws {
        guard parameters.fraction > 0, parameters.fraction <= 1, parameters.batchSize > 0 else {
            throw ConfigError(path: Self.name, message: "expected 0 < fraction ≤ 1 and batch-size ≥ 1")
        }
        self.parameters = parameters
    }

    /// ρ of ``MetricInput/clusters`` (NaN when undefined), the drops per cluster.
    public func score(_ input: MetricInput) throws -> MetricResult {
        guard let clusters = input.clusters else {
            throw ConfigError(path: Self.name, message: "scores INV's cluster maps; this method has none")
        }
        return try score(image: input.image, target: input.target, model: input.model, clusters: clusters).result
    }

    /// - Parameters:
    ///   - image: one image `[1, C, H, W]` in the model's normalised input space (not modified).
    ///   - clusters: each cluster's weight and its map at the image's `H × W`.
    public func score(image: Tensor, target: Int, model: any ClassifierModel,
                      clusters: [(weight: Double, heatmap: Heatmap)]) throws -> ClusterEffect {
        try model.validate(image: image, target: target, method: Self.name)
        let (channels, height, width) = (image.shape[1], image.shape[2], image.shape[3])
        let plane = height * width
        for cluster in clusters where cluster.heatmap.height != height || cluster.heatmap.width != width {
            throw HeatmapError.shape(expected: [height, width], got: [cluster.heatmap.height, cluster.heatmap.width])
        }
        let count = Int((parameters.fraction * Double(plane)).rounded())
        let regions = clusters.map { cluster in
            var deleted = [Bool](repeating: false, count: plane)
            for p in CausalCurve.salientOrder(cluster.heatmap.values).prefix(count) { deleted[p] = true }
            return deleted
        }
        let scores = try model.targetProbabilities(count: clusters.count + 1, target: target, batchSize: parameters.batchSize) { i, out in
            for c in 0..<channels {
                for p in 0..<plane { out[c * plane + p] = i > 0 && regions[i - 1][p] ? 0 : image.scalars[c * plane + p] }
            }
        }.map(Double.init)
        let drops = scores.dropFirst().map { scores[0] - $0 }
        let weights = clusters.map(\.weight)
        return ClusterEffect(clean: scores[0], weights: weights, drops: drops,
                             rankCorrelation: Self.spearman(weights, drops), deletedPixels: count)
    }

    /// Spearman's ρ: Pearson's correlation of the average ranks; nil when undefined.
    static func spearman(_ a: [Double], _ b: [Double]) -> Double? {
        guard a.count == b.count, a.count >= 2 else { return nil }
        let (ra, rb) = (ranks(a), ranks(b))
        let (ma, mb) = (ra.reduce(0, +) / Double(ra.count), rb.reduce(0, +) / Double(rb.count))
        var (sab, saa, sbb) = (0.0, 0.0, 0.0)
        for i in ra.indices {
            sab += (ra[i] - ma) * (rb[i] - mb)
            saa += (ra[i] - ma) * (ra[i] - ma)
            sbb += (rb[i] - mb) * (rb[i] - mb)
        }
        guard saa > 0, sbb > 0 else { return nil }
        return sab / (saa * sbb).squareRoot()
    }

    /// 1-based ranks, ties sharing their average rank (`scipy.stats.rankdata`).
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            for k in start...end { result[order[k]] = Double(start + end) / 2 + 1 }
            start = end + 1
        }
        return result
    }
}

/// What ``ClusterEffectMetric`` found for one image: per cluster (in the order given) its weight
/// and the drop of the target probability when its region is deleted.
public struct ClusterEffect: Codable, Sendable, Equatable {
    /// The target's probability on the clean image.
    public var clean: Double
    public var weights: [Double]
    public var drops: [Double]
    /// Spearman's ρ between weights and drops; nil when undefined.
    public var rankCorrelation: Double?
    /// Pixels deleted per cluster.
    public var deletedPixels: Int

    /// As a ``MetricResult``: ρ (NaN when undefined) with the drops per cluster.
    public var result: MetricResult { MetricResult(value: rankCorrelation ?? .nan, perCluster: drops) }
}
