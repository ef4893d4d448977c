import INVEngine

/// What a faithfulness or complexity metric scores: one image, the class it explains, the
/// explainer's heatmap and the model. Metrics read it and never modify it.
public struct MetricInput: Sendable {
    /// One image `[1, C, H, W]` in the model's normalised input space.
    public var image: Tensor
    /// The explained class (deletion/insertion use the class predicted on the clean image, as RISE does).
    public var target: Int
    public var heatmap: Heatmap
    public var model: any ClassifierModel
    /// The explanation's weighted cluster maps `(w_Ci, A_Ci)` at the image's `H × W`, in the
    /// analysis' order, when the method has clusters (INV); nil for the baselines. Only metrics
    /// that declare ``Metric/scoresClusters`` read it.
    public var clusters: [(weight: Double, heatmap: Heatmap)]?

    public init(image: Tensor, target: Int, heatmap: Heatmap, model: any ClassifierModel,
                clusters: [(weight: Double, heatmap: Heatmap)]? = nil) {
        self.image = image
        self.target = target
        self.heatmap = heatmap
        self.model = model
        self.clusters = clusters
    }

    /// Checks that the heatmap covers the image's `H × W` pixels.
    public func validated(metric: String) throws -> MetricInput {
        try model.validate(image: image, target: target, method: metric)
        let (h, w) = (image.shape[2], image.shape[3])
        guard heatmap.height == h, heatmap.width == w else {
            throw HeatmapError.shape(expected: [h, w], got: [heatmap.height, heatmap.width])
        }
        return self
    }
}

/// A metric's value, with the curve behind it when there is one (deletion/insertion keep every
/// step's score: Quantus #284).
public struct MetricResult: Sendable, Equatable, Codable {
    public var value: Double
    /// The score after each step (empty for single-number metrics).
    public var curve: [Double]
    /// One value per cluster, in the clusters' order, for metrics of INV's clusters (`cluster-effect`'s drops).
    public var perCluster: [Double]?

    public init(value: Double, curve: [Double] = [], perCluster: [Double]? = nil) {
        self.value = value
        self.curve = curve
        self.perCluster = perCluster
    }
}

/// A pure scoring function of an explanation: a declared `direction` (is higher better?), no
/// mutation of its input, deterministic.
public protocol Metric: Plugin {
    static var direction: Direction { get }
    /// True for a metric of an explanation's clusters (``MetricInput/clusters``): it scores INV
    /// and is skipped, not failed, for methods without clusters. False by default.
    static var scoresClusters: Bool { get }
    func score(_ input: MetricInput) throws -> MetricResult
}

extension Metric {
    public static var scoresClusters: Bool { false }

    /// Whether this metric applies to `input` (a cluster metric needs its clusters).
    public func applies(to input: MetricInput) -> Bool { !Self.scoresClusters || input.clusters != nil }
}
