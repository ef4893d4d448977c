import INVCore
import INVPipeline

/// The plugin families a run may name, passed down from the program's composition root.
public struct RunnerPlugins: Sendable {
    public var weightings: PluginFamily<any ChannelWeighting>
    public var numeric: NumericFamilies

    public init(weightings: PluginFamily<any ChannelWeighting>, numeric: NumericFamilies) {
        self.weightings = weightings
        self.numeric = numeric
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
