import ArgumentParser
import Foundation
import INVImaging
import INVModels
import INVPipeline
import INVEngine

/// `inv predict`: top-k classes of each image.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Classify images and print the top-k classes with probabilities.")

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: "How many classes to show per image.")
    var top = 5

    @Flag(name: .long, help: "Print JSON: one object per image with image, top = [{index, label, probability, logit}].")
    var json = false

    @Flag(name: .long, help: "With --json, add the full logits vector.")
    var logits = false

    @Argument(help: "Image files (PNG or JPEG).")
    var images: [String]

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be positive") }
        guard !images.isEmpty else { throw ValidationError("give at least one image") }
        if logits && !json { throw ValidationError("--logits needs --json") }
    }

    struct Prediction: Encodable {
        struct Entry: Encodable { var index: Int; var label: String; var probability: Float; var logit: Float }
        var image: String
        var top: [Entry]
        var logits: [Float]?
    }

    func run() throws {
        let classifier = try ImageClassifier.load(modelOptions.model)
        var results: [Prediction] = []
        var failures = 0
        for path in images {
            do {
                let (input, _) = try classifier.preprocess(try Image(contentsOf: URL(fileURLWithPath: path)))
                let z = try classifier.classifier.logits(input).scalars
                let p = Softmax.probabilities(z)
                let order = p.indices.sorted { p[$0] > p[$1] }.prefix(top)
                let entries = order.map { Prediction.Entry(index: $0, label: classifier.label($0), probability: p[$0], logit: z[$0]) }
                results.append(Prediction(image: path, top: entries, logits: logits ? z : nil))
                if !json {
                    print(path)
                    for e in entries { print(String(format: "  %6.2f %%  %4d  ", e.probability * 100, e.index) + e.label) }
                }
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("error: \(path): \(error)\n".utf8))
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
