import ArgumentParser
import Foundation
import INVEngine
import INVModels

/// `inv-bench models`: whole-model forward, and forward + backward to every conv layer, beside
/// onnxruntime on the same ONNX file in the same run (issue 3's benchmark).
struct ModelsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Forward (and forward + backward to every conv layer) of ONNX classifiers beside onnxruntime.")

    @Option(help: "ONNX files to time (default: the converted EfficientNet-Lite0, and the onnx wheel's light ResNet-50 and VGG-19 from the cache).")
    var model: [String] = []

    @Option(help: "Batch sizes.")
    var batch: [Int] = [1, 16]

    @Option(help: "Timed runs per measurement (the best is reported).")
    var repeats = 5

    @Option(help: "The Python that runs Benchmarks/onnxruntime_peer.py.")
    var python = "python3"

    @Flag(help: "Skip the onnxruntime peer.")
    var noPeer = false

    func run() throws {
        let cache = ModelCache.standard()
        let files = model.isEmpty
            ? [cache.file("efficientnet-lite0.onnx").path, cache.file("onnx-light/light_resnet50.onnx").path,
               cache.file("onnx-light/light_vgg19.onnx").path]
            : model
        print("| model | batch | INVKit forward ms | onnxruntime forward ms | ratio | INVKit forward+backward to every conv ms |")
        print("|---|---:|---:|---:|---:|---:|")
        var versions = ""
        for path in files {
            guard FileManager.default.fileExists(atPath: path) else {
                print("| \(path) | missing: run Scripts/quickstart.sh and Scripts/fetch-test-data.sh first | | | | |")
                continue
            }
            let onnx = try ONNXModel(contentsOf: URL(fileURLWithPath: path))
            guard let input = onnx.inputs.first, let dims = input.dims else {
                throw ValidationError("\(path): the first graph input has no shape")
            }
            for b in batch {
                if let declared = dims.first ?? nil, declared != b {
                    print("| \(URL(fileURLWithPath: path).lastPathComponent) | \(b) | the file fixes the batch at \(declared) | | | |")
                    continue
                }
                let shape = [b] + dims.dropFirst().map { $0 ?? 1 }
                let graph = try onnx.graph(inputShapes: [input.name: shape])
                var random = SystemRandomNumberGenerator()
                let x = Tensor(shape: shape, scalars: (0..<shape.elementCount).map { _ in Float.random(in: -1...1, using: &random) })
                let forward = try best(repeats) { _ = try graph.run(inputs: [input.name: x]) }
                let taps = graph.convLayers.map(\.output)
                let backward = try best(max(1, repeats / 2)) {
                    _ = try graph.forwardBackward(inputs: [input.name: x], taps: taps) { logits in
                        Tensor(repeating: 1, shape: logits.shape)
                    }
                }
                var peer = "—", ratio = "—"
                if !noPeer {
                    do {
                        let (ms, v) = try Self.peer(python: python, model: path, batch: b, repeats: repeats)
                        peer = String(format: "%.1f", ms)
                        ratio = String(format: "%.2f×", forward * 1e3 / ms)
                        versions = v
                    } catch {
                        peer = "failed (a fixed batch in the file?)"
                    }
                }
                let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                print("| \(name) | \(b) | \(String(format: "%.1f", forward * 1e3)) | \(peer) | \(ratio) | \(String(format: "%.1f", backward * 1e3)) |")
            }
        }
        if !versions.isEmpty { print("Peer: \(versions); ratio = INVKit / onnxruntime (below 1 is faster)") }
    }

    /// Best wall time in seconds of `repeats` runs after one warm-up run.
    private func best(_ repeats: Int, _ body: () throws -> Void) throws -> Double {
        try body()
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    static func peer(python: String, model: String, batch: Int, repeats: Int) throws -> (Double, String) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/onnxruntime_peer.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script.path, model, "\(batch)", "\(repeats)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let ms = json["forward_ms"] as? Double
        else {
            throw ValidationError("the onnxruntime peer \(script.path) failed on \(model) (status \(process.terminationStatus))")
        }
        let versions = (json["versions"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return (ms, versions)
    }
}
