import ArgumentParser
import Foundation
import INVModels

/// `inv models list|layers`.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "The model zoo and the layers of a model.",
        subcommands: [List.self, Layers.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the zoo models and where their files are cached.")
        func run() throws {
            let cache = ModelCache.standard()
            print("cache: \(cache.directory.path)  (set INV_CACHE to move it)")
            for name in ImageClassifier.zoo {
                let files = EfficientNetLite0Zoo.Files(cache: cache)
                let cached = FileManager.default.fileExists(atPath: files.onnx.path) ? files.onnx.path : "not fetched yet (fetched on first use)"
                print("  \(name)  EfficientNet-Lite0, ImageNet-1k, 224×224 — \(cached)")
            }
        }
    }

    struct Layers: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the conv layers that can be explained, with their tapped tensor and shape.")
        @Argument(help: "A zoo model or an ONNX file with a sidecar.")
        var model = "efficientnet-lite0"
        func run() throws {
            let classifier = try ImageClassifier.load(model)
            print("index  node                          tapped tensor                       shape [C, H, W]")
            for (i, layer) in classifier.classifier.layers.enumerated() {
                let node = layer.node.padding(toLength: 30, withPad: " ", startingAt: 0)
                let name = layer.name.padding(toLength: 36, withPad: " ", startingAt: 0)
                print(String(format: "%5d  ", i) + "\(node)\(name)\(layer.shape)")
            }
        }
    }
}

