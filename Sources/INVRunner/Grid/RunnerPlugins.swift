import INVCore
import INVPipeline

/// The plugin families a run may name, passed down from the program's composition root.
public struct RunnerPlugins: Sendable {
    public var weightings: PluginFamily<any ChannelWeighting>
    public var numeric: NumericFamilies
    /// The explainers `baselines:` may name (the baselines; INV itself is always evaluated).
    public var explainers: PluginFamily<any Explainer>
    public var metrics: PluginFamily<any Metric>
    /// The embedders `labels.cleaning.grouping.embedder` may name.
    public var labelEmbedders: PluginFamily<any LabelEmbedder>
    /// The validators `validators[i].validator` may name.
    public var validators: PluginFamily<any Validator>

    public init(weightings: PluginFamily<any ChannelWeighting>, numeric: NumericFamilies,
                explainers: PluginFamily<any Explainer> = PluginFamily("explainer", []),
                metrics: PluginFamily<any Metric> = PluginFamily("metric", []),
                labelEmbedders: PluginFamily<any LabelEmbedder> = PluginFamily("label-embedder", []),
                validators: PluginFamily<any Validator> = PluginFamily("validator", [])) {
        self.weightings = weightings
        self.numeric = numeric
        self.explainers = explainers
        self.metrics = metrics
        self.labelEmbedders = labelEmbedders
        self.validators = validators
    }

    /// Builds every baseline and metric a config names; errors carry the key path (`baselines[1].samples`).
    public func make(baselines: [PluginSpec], metrics: [PluginSpec]) throws -> (baselines: [any Explainer], metrics: [any Metric]) {
        (try baselines.enumerated().map { i, spec in try explainers.make(spec, path: [AnyKey("baselines"), IndexKey(i)]) },
         try metrics.enumerated().map { i, spec in try self.metrics.make(spec, path: [AnyKey("metrics"), IndexKey(i)]) })
    }

    /// `specs` with every omitted parameter set to its plugin's default.
    public func withDefaults<P>(_ specs: [PluginSpec], _ family: PluginFamily<P>) throws -> [PluginSpec] {
        try specs.map { try filled($0, family) }
    }

    /// `validators` with each validator spec's omitted parameters set to the plugin's defaults
    /// (the resolved config states the TCAV settings used).
    public func withDefaults(_ validators: [ValidatorStageConfig]) throws -> [ValidatorStageConfig] {
        try validators.map { stage in
            var stage = stage
            stage.validator = try filled(stage.validator, self.validators)
            return stage
        }
    }

    /// `settings` with every plugin spec's omitted parameters set to the plugin's defaults, so that
    /// a resolved config states every value that was used (and equal settings hash equally).
    public func withDefaults(_ settings: INVSettings) throws -> INVSettings {
        var s = settings
        s.weighting = try filled(s.weighting, weightings)
        s.reducers = try s.reducers.map { try filled($0, numeric.reducers) }
        s.clusterer = try filled(s.clusterer, numeric.clusterers)
        s.kSelection = try filled(s.kSelection, numeric.clusterScores)
        return s
    }

    private func filled<P>(_ spec: PluginSpec, _ family: PluginFamily<P>) throws -> PluginSpec {
        guard case .object(let merged) = ConfigValue.merge(try family.entry(named: spec.plugin).defaults, .object(spec.parameters)) else {
            return spec
        }
        return PluginSpec(spec.plugin, merged)
    }
}
