import Foundation
import INVCore
import INVImaging
import INVModels
import INVPipeline

/// Concept sets from INV itself (``LabelConceptsConfig``): for every best label of the kept clusters
/// at one layer of the labelled ANVs, the game's masked image of each such cluster at one reveal
/// level, across the images of the run — so TCAV can test the crowd's labels without concept folders.
struct LabelConceptSets {
    var config: LabelConceptsConfig
    /// The point's game masks: the reveal level indexes their percentages.
    var masks: MaskSettings

    /// The sets (sorted by label) and one log line per label left out for having too few clusters.
    /// - Parameters:
    ///   - labelled: the labelled ANVs of one point (`<results>/labelled/<point id>/`).
    ///   - layer: the validator's layer; clusters of other layers are not used.
    ///   - key: the config key of `label-concepts`, for errors.
    func make(labelled: URL, layer: String, classifier: ImageClassifier, key: String) throws -> (sets: [ExampleSet], log: [String]) {
        guard masks.percents.indices.contains(config.revealLevel) else {
            throw ConfigError(path: "\(key).reveal-level",
                              message: "expected an index into inv.masks.percents (0…\(masks.percents.count - 1)), got \(config.revealLevel)")
        }
        let percent = masks.percents[config.revealLevel]
        var byLabel: [String: [ValidationExample]] = [:]
        for located in try LabelsWorkflow.loadANVs(under: labelled) where located.anv.labelling != nil {
            guard let l = located.anv.layers.firstIndex(where: { $0.layer == layer }) else { continue }
            let explained = located.anv.layers[l]
            var shown: Image?
            for (c, cluster) in explained.clusters.enumerated() where cluster.kept {
                guard let best = cluster.labels?.best, !best.isEmpty else { continue }
                if shown == nil { shown = try classifier.preprocess(try Image(contentsOf: URL(fileURLWithPath: located.anv.image))).shown }
                let map = try FloatMap(width: explained.width, height: explained.height, values: cluster.map)
                let masked = try GameMasks.masked(image: shown!, heatmap: map, percent: percent, truncate: masks.truncate).image
                let example = ValidationExample(name: "\(located.path)/L\(l)-C\(c)", image: try classifier.input(shown: masked))
                for label in best { byLabel[label, default: []].append(example) }
            }
        }
        var sets: [ExampleSet] = []
        var log: [String] = []
        for label in byLabel.keys.sorted() {
            let examples = byLabel[label]!
            if examples.count >= config.minimumExamples {
                sets.append(ExampleSet(name: label, examples: examples))
            } else {
                log.append("label-concepts: '\(label)' left out at \(layer): \(examples.count) cluster(s), minimum-examples is \(config.minimumExamples)")
            }
        }
        return (sets, log)
    }
}
