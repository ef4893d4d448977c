import INVCore

extension PluginFamily where Product == any ChannelWeighting {
    /// Every built-in channel weighting, in the order `inv plugins` lists them.
    public static var builtInWeightings: PluginFamily<any ChannelWeighting> {
        PluginFamily("weighting", [
            .init(GuidedGradCAMWeighting.self) { $0 },
            .init(GradCAMWeighting.self) { $0 },
            .init(PositiveGradCAMWeighting.self) { $0 },
            .init(GradCAMPlusPlusWeighting.self) { $0 },
            .init(XGradCAMWeighting.self) { $0 },
            .init(ScoreCAMWeighting.self) { $0 },
        ])
    }
}
