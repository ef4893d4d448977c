import Foundation
import INVCore
import INVPipeline

/// Runs a config's `labels:` section after the run: labels, scores and merges the clusters of every
/// point's ANVs into `<results>/labelled/` and writes the class-level global explanations into
/// `<results>/global/` (the report links both; see ``LabelsAndValidationSection``). After the
/// validation stage, ``addValidation(layout:)`` rewrites the global explanations with its TCAV column.
public struct LabelsStage: Sendable {
    public var config: LabelsStageConfig
    public var plugins: RunnerPlugins
    public var expansion: PathExpansion

    public init(config: LabelsStageConfig, plugins: RunnerPlugins, expansion: PathExpansion) {
        self.config = config
        self.plugins = plugins
        self.expansion = expansion
    }

    /// - Returns: one line saying what was done, for the log.
    public func run(layout: ResultsLayout) throws -> String {
        let recordsURL = URL(fileURLWithPath: try expansion.expand(config.records, key: "labels.records"))
        let records = try LabelRecordFile.read(recordsURL)
        let mapPath = try config.map.map { try expansion.expand($0, key: "labels.map") }
        let application = try LabelApplication.configured(cleaning: config.cleaning, scoring: config.scoring, mapPath: mapPath,
                                                          embedders: plugins.labelEmbedders, numeric: plugins.numeric)
        let labelled = layout.root.appendingPathComponent(LabelsAndValidationSection.labelled)
        let result = try LabelsWorkflow.apply(anvRoot: layout.points, records: records, application: application, out: labelled)
        let classes = try writeGlobal(layout: layout, tcav: nil)
        return "labels: \(records.count) records (\(result.report.used) used) on \(result.anvs.count) ANVs → \(labelled.path); "
            + "global explanations for \(classes.count) class(es)"
    }

    /// Rewrites `<results>/global/` with a TCAV column from the rows the validation stage wrote
    /// (`validation/validation.json`, see ``ValidationStage``); each file is replaced atomically.
    /// - Returns: one line for the log.
    public func addValidation(layout: ResultsLayout) throws -> String {
        let url = layout.root.appendingPathComponent(LabelsAndValidationSection.validation).appendingPathComponent("validation.json")
        let rows = try JSONDecoder().decode([ConceptValidation].self, from: Data(contentsOf: url))
        let classes = try writeGlobal(layout: layout, tcav: ConceptValidationIndex(rows))
        return "labels: global explanations of \(classes.count) class(es) rewritten with \(rows.count) validation row(s) as a TCAV column"
    }

    private func writeGlobal(layout: ResultsLayout, tcav: ConceptValidationIndex?) throws -> [ClassGlobalExplanation] {
        try LabelsWorkflow.global(anvRoot: layout.root.appendingPathComponent(LabelsAndValidationSection.labelled), settings: config.global,
                                  out: layout.root.appendingPathComponent(LabelsAndValidationSection.global), tcav: tcav)
    }
}
