import INVCore

extension PluginFamily where Product == any Metric {
    /// Every built-in metric, in the order `inv evaluate` prints them.
    public static var builtInMetrics: PluginFamily<any Metric> {
        PluginFamily("metric", [
            .init(DeletionMetric.self) { $0 },
            .init(InsertionMetric.self) { $0 },
            .init(AverageDropMetric.self) { $0 },
            .init(IncreaseInConfidenceMetric.self) { $0 },
            .init(ROADMetric.self) { $0 },
            .init(SparsenessMetric.self) { $0 },
            .init(RuntimeMetric.self) { $0 },
            .init(ClusterEffectMetric.self) { $0 },
        ])
    }
}
