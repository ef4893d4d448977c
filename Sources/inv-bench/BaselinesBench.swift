import ArgumentParser
import Foundation
import INVCore
import INVEngine
import INVImaging
import INVModels
import INVPlugins

/// `inv-bench baselines`: LIME, KernelSHAP and SHAP's Partition explainer on EfficientNet-Lite0,
/// one photo, batch 16, beside the `lime` and `shap` packages driving onnxruntime on the same ONNX
/// file and the same preprocessed tensor in the same run (issue 5's benchmark,
/// `Benchmarks/baselines_peer.py`). Each side's time inside its model is measured too, so the
/// table shows the overhead beyond the model (goal: ≤ 5 %) and the total ratio.
struct BaselinesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baselines",
        abstract: "LIME / KernelSHAP / Partition SHAP on EfficientNet-Lite0 beside the lime and shap packages with onnxruntime.")

    @Option(help: "The photo (default: the cache's photos/dog.jpg).")
    var image: String?

    @Option(help: "Images per model call on both sides.")
    var batch = 16

    @Option(help: "LIME samples (lime: num_samples).")
    var limeSamples = 1000

    @Option(help: "KernelSHAP coalitions (shap: nsamples).")
    var kernelSamples = 1000

    @Option(help: "Partition SHAP evaluations (shap: max_evals).")
    var partitionEvals = 1000

    @Option(help: "The Python that runs Benchmarks/baselines_peer.py.")
    var python = "python3"

    @Flag(help: "Skip the Python peer.")
    var noPeer = false

    @Flag(help: "Also time the road metric (18 noisy linear imputations) on each heatmap.")
    var road = false

    func run() throws {
        _ = HeapTuning.keepLargeBlocksForReuse()
        let cache = ModelCache.standard()
        let classifier = try ImageClassifier.load("efficientnet-lite0", cache: cache)
        let photo = try Image(contentsOf: URL(fileURLWithPath: image ?? cache.file("photos/dog.jpg").path))
        let input = try classifier.preprocess(photo).input
        let timed = TimedModel(classifier.classifier)
        let probabilities = try timed.probabilities(input)[0]
        let target = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
        print("EfficientNet-Lite0, \(URL(fileURLWithPath: image ?? "dog.jpg").lastPathComponent), target \(target) (\(classifier.label(target))), batch \(batch), \(Parallel.workers) workers")

        let explainers: [(String, any Explainer)] = [
            ("lime", try LIMEExplainer(parameters: limeParameters())),
            ("kernel-shap", try KernelSHAPExplainer(parameters: kernelParameters())),
            ("partition", try PartitionSHAPExplainer(parameters: partitionParameters())),
        ]
        var ours: [String: (seconds: Double, model: Double)] = [:]
        var heatmaps: [String: Heatmap] = [:]
        for (name, explainer) in explainers {
            timed.reset()
            let start = DispatchTime.now().uptimeNanoseconds
            heatmaps[name] = try explainer.explain(image: input, target: target, model: timed, seed: 0)
            ours[name] = (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, timed.seconds)
        }
        if road {
            for (name, _) in explainers {
                timed.reset()
                let start = DispatchTime.now().uptimeNanoseconds
                let result = try ROADMetric(parameters: .init()).score(MetricInput(image: input, target: target, heatmap: heatmaps[name]!, model: timed))
                print(String(format: "ROAD of the %@ heatmap: %.4f in %.2f s (model %.2f s)", name, result.value,
                             Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, timed.seconds))
            }
        }
        var peer: [String: (seconds: Double, model: Double)] = [:], versions = ""
        if !noPeer {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("inv-bench-baselines-\(getpid()).npy")
            try NPYFile.float32(input.scalars, shape: input.shape).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            (peer, versions) = try Self.peer(python: python, model: classifier.onnxURL.path, input: file.path, target: target,
                                             arguments: [batch, limeSamples, kernelSamples, partitionEvals])
        }
        print("| explainer | INVKit s | INVKit model s | INVKit overhead | Python s | Python model s | Python overhead | INVKit / Python |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for (name, _) in explainers {
            let o = ours[name]!
            let cells = [String(format: "%.2f", o.seconds), String(format: "%.2f", o.model),
                         String(format: "%.1f %%", 100 * (o.seconds - o.model) / o.model)]
                + (peer[name].map { p in
                    [String(format: "%.2f", p.seconds), String(format: "%.2f", p.model),
                     String(format: "%.1f %%", 100 * (p.seconds - p.model) / p.model), String(format: "%.2f×", o.seconds / p.seconds)]
                } ?? ["—", "—", "—", "—"])
            print("| \(name) | " + cells.joined(separator: " | ") + " |")
        }
        if !versions.isEmpty { print("Peer: \(versions); overhead = (total − model) / model; ratio below 1: INVKit is faster") }
    }

    func limeParameters() -> LIMEExplainer.Parameters {
        var p = LIMEExplainer.Parameters()
        p.samples = limeSamples
        p.batchSize = batch
        return p
    }

    func kernelParameters() -> KernelSHAPExplainer.Parameters {
        var p = KernelSHAPExplainer.Parameters()
        p.samples = kernelSamples
        p.batchSize = batch
        return p
    }

    func partitionParameters() -> PartitionSHAPExplainer.Parameters {
        var p = PartitionSHAPExplainer.Parameters()
        p.maxEvals = partitionEvals
        p.batchSize = batch
        return p
    }

    static func peer(python: String, model: String, input: String, target: Int,
                     arguments: [Int]) throws -> ([String: (seconds: Double, model: Double)], String) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/baselines_peer.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script.path, model, input, "\(target)"] + arguments.map(String.init)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let results = json["results"] as? [String: [String: Double]]
        else {
            throw ValidationError("the Python peer \(script.path) failed (status \(process.terminationStatus))")
        }
        var parsed: [String: (seconds: Double, model: Double)] = [:]
        for (name, r) in results { parsed[name] = (r["seconds"] ?? .nan, r["model_seconds"] ?? .nan) }
        let versions = (json["versions"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return (parsed, versions)
    }
}

/// A classifier that adds up the wall time of its `logits` and batched `inputGradients` calls (the
/// explainers' model time).
final class TimedModel: ClassifierModel, @unchecked Sendable {
    let base: any ClassifierModel
    private let lock = NSLock()
    private var total = 0.0

    init(_ base: any ClassifierModel) { self.base = base }

    var inputName: String { base.inputName }
    var inputShape: [Int] { base.inputShape }
    var classCount: Int { base.classCount }
    var layers: [LayerInfo] { base.layers }
    var seconds: Double { lock.withLock { total } }
    func reset() { lock.withLock { total = 0 } }

    func logits(_ batch: Tensor) throws -> Tensor { try timed { try base.logits(batch) } }

    func inputGradients(_ batch: Tensor, seed: (Tensor) throws -> Tensor) throws -> (logits: Tensor, gradients: Tensor) {
        try timed { try base.inputGradients(batch, seed: seed) }
    }

    private func timed<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            lock.withLock { total += elapsed }
        }
        return try body()
    }

    func forwardBackward(_ image: Tensor, taps: [String], rectifierGradient: RectifierGradient,
                         seed: (Tensor) throws -> Tensor) throws -> GraphPass {
        try base.forwardBackward(image, taps: taps, rectifierGradient: rectifierGradient, seed: seed)
    }
}
