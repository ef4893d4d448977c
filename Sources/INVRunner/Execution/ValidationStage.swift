import Foundation
import INVCore
import INVImaging
import INVModels
import INVPipeline

/// Runs a config's `validators:` after the run: for every explained class (or the configured
/// targets), the run's images of that class are tested against each concept folder and each
/// label-derived concept (``LabelConceptSets``, from the labels stage's `labelled/`) with the
/// validator (TCAV), and the rows go to `<results>/validation/validation.{json,csv,md,tex}`, shown
/// by the report, each naming its layer by the tapped tensor as the ANVs do (so the global
/// explanations' TCAV column finds it). A class whose test fails (e.g. too few images) is logged and the others go on.
public struct ValidationStage: Sendable {
    public var configs: [ValidatorStageConfig]
    public var plugins: RunnerPlugins
    public var expansion: PathExpansion

    public init(configs: [ValidatorStageConfig], plugins: RunnerPlugins, expansion: PathExpansion) {
        self.configs = configs
        self.plugins = plugins
        self.expansion = expansion
    }

    /// - Returns: log lines (one per class tested or skipped).
    public func run(plan: RunPlan, layout: ResultsLayout) throws -> [String] {
        guard let point = plan.points.first, let loaded = plan.models[point.model] else { return [] }
        let classifier = loaded.classifier
        let anvs = ResultsCollection.anvs(of: point, layout: layout)
        var rows: [ConceptValidation] = []
        var log: [String] = []
        for (v, config) in configs.enumerated() {
            let path = "validators[\(v)]"
            let validator = try plugins.validators.make(config.validator, path: [AnyKey("validators"), IndexKey(v), AnyKey("validator")])
            let layer = try Self.tensorName(of: config.layer ?? point.layers.last ?? "", in: classifier, key: "\(path).layer")
            var concepts = try config.concepts.keys.sorted().map { name in
                try Self.exampleSet(name: name, folder: expansion.expand(config.concepts[name]!, key: "\(path).concepts.\(name)"), classifier: classifier)
            }
            if let labelConcepts = config.labelConcepts {
                let labelled = layout.root.appendingPathComponent(LabelsAndValidationSection.labelled).appendingPathComponent(point.point.id)
                let made = try LabelConceptSets(config: labelConcepts, masks: point.point.config.inv.masks)
                    .make(labelled: labelled, layer: layer, classifier: classifier, key: "\(path).label-concepts")
                concepts += made.sets
                log += made.log
            }
            let randoms = try config.random.enumerated().map { i, folder in
                try Self.exampleSet(name: "random\(i)", folder: expansion.expand(folder, key: "\(path).random[\(i)]"), classifier: classifier)
            }
            let byClass = Dictionary(grouping: anvs, by: { $0.anv.target.index })
            for target in config.targets ?? byClass.keys.sorted() {
                let images = try (byClass[target] ?? []).map { item in
                    ValidationExample(name: item.key, image: try classifier.preprocess(try Image(contentsOf: URL(fileURLWithPath: item.anv.image))).input)
                }
                let name = classifier.label(target)
                do {
                    let request = ValidationRequest(model: classifier.classifier, modelID: loaded.sha256, layer: layer, target: target,
                                                    targetName: name, targetImages: ExampleSet(name: name, examples: images),
                                                    concepts: concepts, randoms: randoms, seed: plan.experiment.config.seed,
                                                    cacheDirectory: layout.cache.appendingPathComponent("validation"))
                    // Named by the tapped tensor (a validator may report the conv node), as the ANVs name it.
                    let found = try validator.validate(request).map { row in
                        var row = row
                        row.layer = layer
                        return row
                    }
                    rows += found
                    log.append("\(type(of: validator).name): \(name) at \(layer): " + found.map { "\($0.concept) \(String(format: "%.2f", $0.score)) (\($0.verdict.rawValue))" }.joined(separator: ", "))
                } catch {
                    log.append("\(type(of: validator).name): \(name) skipped: \(error)")
                }
            }
        }
        try Self.write(rows, to: layout.root.appendingPathComponent(LabelsAndValidationSection.validation))
        return log
    }

    /// The tapped tensor's name of a layer given by tensor or conv node name: the name the ANVs,
    /// the label-derived concepts and the global explanations' TCAV column use for it.
    static func tensorName(of layer: String, in classifier: ImageClassifier, key: String) throws -> String {
        do { return try classifier.classifier.layer(named: layer, method: "validators").name } catch {
            throw ConfigError(path: key, message: "\(error)")
        }
    }

    /// The images of a folder (PNG/JPEG, sorted by name), preprocessed for the model.
    static func exampleSet(name: String, folder: String, classifier: ImageClassifier) throws -> ExampleSet {
        let url = URL(fileURLWithPath: folder)
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw ConfigError(path: name, message: "cannot read the folder '\(folder)'")
        }
        let images = files.sorted().filter { ImageFormat(pathExtension: URL(fileURLWithPath: $0).pathExtension) != nil }
        return ExampleSet(name: name, examples: try images.map { file in
            ValidationExample(name: file, image: try classifier.preprocess(try Image(contentsOf: url.appendingPathComponent(file))).input)
        })
    }

    static func write(_ rows: [ConceptValidation], to directory: URL) throws {
        try AtomicFile.writeJSON(rows, to: directory.appendingPathComponent("validation.json"))
        let table = ResultTable(
            title: "Validation of concepts (TCAV: fraction of the class's images whose logit rises along the concept; p Bonferroni-corrected)",
            columns: ["Method", "Class", "Layer", "Concept", "Score", "Random score", "p", "CAV accuracy", "Verdict"],
            rows: rows.map { r in
                [.text(r.method), .text(r.targetName), .text(r.layer), .text(r.concept), .stat(mean: r.score, sd: r.scoreSD, digits: 2),
                 .stat(mean: r.randomScore, sd: r.randomScoreSD, digits: 2), .text(String(format: "%.3g", r.pValue)),
                 .stat(mean: r.cavAccuracy, sd: r.cavAccuracySD, digits: 2), .text(r.verdict.rawValue)]
            })
        for (ext, text) in [("csv", table.csv()), ("md", table.markdown()), ("tex", table.latex()), ("html", table.html())] {
            try AtomicFile.write(Data(text.utf8), to: directory.appendingPathComponent("validation.\(ext)"))
        }
    }
}
