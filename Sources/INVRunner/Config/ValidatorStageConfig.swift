import INVCore

/// One entry of `validators:` in an experiment config: a validator plugin (TCAV) run after the
/// run on the explained classes, with concept image folders and/or concepts made from the run's
/// own labels (``LabelConceptsConfig``), and random image folders.
///
/// ```yaml
/// validators:
///   - validator: {plugin: tcav, runs: 10}
///     layer: blocks.15.project.conv      # default: the last chosen layer
///     concepts: {stripes: data/stripes, dots: data/dots}
///     label-concepts: {reveal-level: 3}  # one concept per best label (needs `labels:`)
///     random: [data/random0, data/random1, data/random2]
///     targets: [282]                     # default: every class the run explained
/// ```
public struct ValidatorStageConfig: Codable, Sendable, Equatable {
    public var validator: PluginSpec
    public var layer: String?
    /// Concept name → folder of its example images.
    public var concepts: [String: String]
    /// Concepts from the labelled ANVs the `labels:` section writes; nil: none.
    public var labelConcepts: LabelConceptsConfig?
    /// Folders of random counter-example images (at least two).
    public var random: [String]
    public var targets: [Int]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case validator, layer, concepts
        case labelConcepts = "label-concepts"
        case random, targets
    }

    public init(validator: PluginSpec, layer: String? = nil, concepts: [String: String], labelConcepts: LabelConceptsConfig? = nil,
                random: [String], targets: [Int]? = nil) {
        self.validator = validator
        self.layer = layer
        self.concepts = concepts
        self.labelConcepts = labelConcepts
        self.random = random
        self.targets = targets
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        validator = try c.decode(PluginSpec.self, forKey: .validator)
        layer = try c.decodeIfPresent(String.self, forKey: .layer)
        concepts = try c.decodeIfPresent([String: String].self, forKey: .concepts) ?? [:]
        labelConcepts = try c.decodeIfPresent(LabelConceptsConfig.self, forKey: .labelConcepts)
        random = try c.decode([String].self, forKey: .random)
        targets = try c.decodeIfPresent([Int].self, forKey: .targets)
        guard !concepts.isEmpty || labelConcepts != nil else {
            throw ConfigError(path: ConfigDecoder.render(decoder.codingPath + [CodingKeys.concepts]),
                              message: "expected at least one concept: {name: folder}, or label-concepts: {reveal-level: N}")
        }
        guard random.count >= 2 else {
            throw ConfigError(path: ConfigDecoder.render(decoder.codingPath + [CodingKeys.random]),
                              message: "expected at least two folders of random images, got \(random.count)")
        }
    }
}

/// `label-concepts:` of a validator: INV's own concept sets (the INV paper's validation of crowd
/// labels) — for every best label of the kept clusters at the validator's layer in the labelled
/// ANVs of the run (`labelled/`, written by `labels:`), the masked images of those clusters at one
/// reveal level of the game (``GameMasks``, the point's `inv.masks`), across all the run's images.
public struct LabelConceptsConfig: Codable, Sendable, Equatable {
    /// Index into `inv.masks.percents` (0 = the fewest pixels; the thesis' 3 reveals 13 %), as in
    /// the `L<l>-C<c>-hint<h>.png` names.
    public var revealLevel = 3
    /// Labels with fewer clusters are left out (and logged): a CAV from a handful of images is noise.
    public var minimumExamples = 10

    public init(revealLevel: Int = 3, minimumExamples: Int = 10) {
        self.revealLevel = revealLevel
        self.minimumExamples = minimumExamples
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case revealLevel = "reveal-level"
        case minimumExamples = "minimum-examples"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        revealLevel = try c.decodeIfPresent(Int.self, forKey: .revealLevel) ?? 3
        minimumExamples = try c.decodeIfPresent(Int.self, forKey: .minimumExamples) ?? 10
        guard revealLevel >= 0 else {
            throw ConfigError(path: ConfigDecoder.render(decoder.codingPath + [CodingKeys.revealLevel]), message: "expected ≥ 0, got \(revealLevel)")
        }
        guard minimumExamples >= 1 else {
            throw ConfigError(path: ConfigDecoder.render(decoder.codingPath + [CodingKeys.minimumExamples]), message: "expected ≥ 1, got \(minimumExamples)")
        }
    }
}
