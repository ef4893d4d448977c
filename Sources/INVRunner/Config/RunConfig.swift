import INVCore
import INVPipeline

/// An experiment: which model explains which images, with which INV settings, and which settings
/// vary over a grid. Decoded strictly from YAML (see README, "Experiment configs").
///
/// ```yaml
/// name: ablation
/// model: efficientnet-lite0            # a zoo name or an ONNX file with its sidecar .json
/// images: {folder: "${INV_CACHE}/photos", limit: 3, seed: 0}
/// target: predicted                    # or a class index
/// layers: last:9                       # or all, or a list of layer names
/// seed: 0
/// inv: {weighting: {plugin: guided}}   # INVSettings; unset stages take the thesis defaults
/// baselines: [grad-cam, {plugin: lime, samples: 500}]   # explainers compared with INV
/// metrics: [deletion, insertion, average-drop]          # scored for INV and every baseline
/// grid: {inv.clusterer.linkage: [ward, average]}
/// zip: [{inv.reducers[1].perplexity: [10, 30], inv.k: [[2, 5], [3, 8]]}]
/// ```
public struct RunConfig: Codable, Sendable, Equatable {
    /// Names the results directory `Results/<name>`.
    public var name: String
    public var model: String
    public var images: ImageSource
    public var target = TargetSpec.predicted
    public var layers = LayerSpec.last(9)
    public var inv = INVSettings()
    /// Explainers to run beside INV on every image (plugin specs of the explainer family, not `inv`).
    public var baselines: [PluginSpec] = []
    /// Metrics scored for INV's heatmap (the last chosen layer's `Σ w_Ci·A_Ci`) and every baseline's.
    public var metrics: [PluginSpec] = []
    /// Crowd labels applied to the ANVs at the end of the run (see ``LabelsStageConfig``).
    public var labels: LabelsStageConfig?
    /// Validators run after the run on the explained classes (see ``ValidatorStageConfig``).
    public var validators: [ValidatorStageConfig] = []
    /// Seed of every stochastic step of the explanation.
    public var seed: UInt64 = 0
    /// Key path → values; the grid is the Cartesian product of all of them.
    public var grid: [String: [ConfigValue]] = [:]
    /// Groups of key paths whose values vary together (equal-length lists); each group is one grid factor.
    public var zip: [[String: [ConfigValue]]] = []

    public init(name: String, model: String, images: ImageSource) {
        self.name = name
        self.model = model
        self.images = images
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, model, images, target, layers, inv, baselines, metrics, labels, validators, seed, grid, zip }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw ConfigError(path: "name", message: "expected a non-empty name without '/', got '\(name)'")
        }
        model = try c.decode(String.self, forKey: .model)
        images = try c.decode(ImageSource.self, forKey: .images)
        target = try c.decodeIfPresent(TargetSpec.self, forKey: .target) ?? .predicted
        layers = try c.decodeIfPresent(LayerSpec.self, forKey: .layers) ?? .last(9)
        inv = try c.decodeIfPresent(INVSettings.self, forKey: .inv) ?? INVSettings()
        baselines = try c.decodeIfPresent([PluginSpec].self, forKey: .baselines) ?? []
        metrics = try c.decodeIfPresent([PluginSpec].self, forKey: .metrics) ?? []
        labels = try c.decodeIfPresent(LabelsStageConfig.self, forKey: .labels)
        validators = try c.decodeIfPresent([ValidatorStageConfig].self, forKey: .validators) ?? []
        if labels == nil, let i = validators.firstIndex(where: { $0.labelConcepts != nil }) {
            throw ConfigError(path: ConfigDecoder.render(decoder.codingPath + [CodingKeys.validators, IndexKey(i), AnyKey("label-concepts")]),
                              message: "needs a labels: section (its labelled ANVs are the concepts' images)")
        }
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        grid = try c.decodeIfPresent([String: [ConfigValue]].self, forKey: .grid) ?? [:]
        zip = try c.decodeIfPresent([[String: [ConfigValue]]].self, forKey: .zip) ?? []
    }
}

/// Which class each image's explanation is for.
public enum TargetSpec: Codable, Sendable, Equatable {
    /// The model's top class for the image.
    case predicted
    case index(Int)

    public var classIndex: Int? {
        if case .index(let i) = self { return i }
        return nil
    }

    public init(from decoder: Decoder) throws {
        let value = try ConfigValue(from: decoder)
        switch value {
        case .string("predicted"): self = .predicted
        case .int(let i) where i >= 0: self = .index(i)
        default:
            throw ConfigError(path: ConfigDecoder.render(decoder.codingPath),
                              message: "expected 'predicted' or a class index ≥ 0, got \(value.typeName) '\(value)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .predicted: try c.encode("predicted")
        case .index(let i): try c.encode(i)
        }
    }
}

/// Which conv layers to analyse: `last:N`, `all`, or a list of conv node or tapped tensor names.
public enum LayerSpec: Codable, Sendable, Equatable {
    case all
    case last(Int)
    case named([String])

    /// The command-line form: `all`, `last:N` or comma-separated names; errors name `option`.
    public init(parsing text: String, option: String = "--layers") throws {
        if text == "all" || text.hasPrefix("last:") {
            self = try ConfigDecoder.decode(LayerSpec.self, from: .string(text), path: [AnyKey(option)])
            return
        }
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.contains(where: \.isEmpty) else {
            throw ConfigError(path: option, message: "expected 'all', 'last:N' (N ≥ 1) or comma-separated layer names, got '\(text)'")
        }
        self = .named(names)
    }

    public init(from decoder: Decoder) throws {
        let value = try ConfigValue(from: decoder)
        let error = ConfigError(path: ConfigDecoder.render(decoder.codingPath),
                                message: "expected 'all', 'last:N' (N ≥ 1) or a list of layer names, got \(value.typeName) '\(value)'")
        switch value {
        case .string("all"): self = .all
        case .string(let s) where s.hasPrefix("last:"):
            guard let n = Int(s.dropFirst(5)), n > 0 else { throw error }
            self = .last(n)
        case .array(let items):
            let names = items.compactMap { item -> String? in if case .string(let s) = item, !s.isEmpty { return s } else { return nil } }
            guard names.count == items.count, !names.isEmpty else { throw error }
            self = .named(names)
        default: throw error
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .all: try c.encode("all")
        case .last(let n): try c.encode("last:\(n)")
        case .named(let names): try c.encode(names)
        }
    }

    /// The chosen layers of a model, in the model's order for `all`/`last:N` and in the given order otherwise.
    public func resolve(in layers: [LayerInfo], path: String = "layers") throws -> [LayerInfo] {
        switch self {
        case .all: return layers
        case .last(let n): return Array(layers.suffix(n))
        case .named(let names):
            return try names.enumerated().map { i, name in
                if let layer = layers.first(where: { $0.node == name || $0.name == name }) { return layer }
                throw ConfigError(path: path == "layers" ? "\(path)[\(i)]" : path,
                                  message: "the model has no conv layer named '\(name)'.\(didYouMean(name, among: layers.map(\.node))) See 'inv models layers MODEL'.")
            }
        }
    }
}
