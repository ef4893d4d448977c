import ArgumentParser
import Dispatch
import Foundation
import INVEngine
import INVModels

/// `inv-bench minilm`: embedding throughput of 1,000 short labels (1–3 words, batch 32) and
/// single-label latency, beside sentence-transformers on the same labels in the same run.
struct MiniLMBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minilm",
        abstract: "all-MiniLM-L6-v2 label embedding: INVKit vs sentence-transformers (Scripts/bench_minilm_reference.py).")

    @Option(help: "Number of labels.")
    var labels = 1000

    @Option(help: "Batch size.")
    var batch = 32

    @Option(help: "Labels embedded one at a time for the latency figure.")
    var singles = 100

    @Option(help: "Python with sentence-transformers for the reference; empty: $INV_BENCH_PYTHON, else the reference is skipped.")
    var python = ""

    mutating func validate() throws {
        guard labels >= 1, batch >= 1, singles >= 1, singles <= labels else {
            throw ValidationError("need labels ≥ 1, batch ≥ 1 and 1 ≤ singles ≤ labels")
        }
    }

    func run() throws {
        let folder = try MiniLMZoo.prepare()
        var encoder = try MiniLMEncoder(directory: folder)
        encoder.batchSize = batch
        let texts = Self.labels(count: labels)
        _ = try encoder.embed(Array(texts.prefix(batch)))
        var runs: [Double] = []
        for _ in 0..<3 { runs.append(try seconds { _ = try encoder.embed(texts) }) }
        let batchSeconds = runs.sorted()[1]
        var latencies: [Double] = []
        for text in texts.prefix(singles) { latencies.append(try seconds { _ = try encoder.embed([text]) }) }
        let singleSeconds = latencies.sorted()[latencies.count / 2]

        print("all-MiniLM-L6-v2, \(labels) labels of 1–3 words, batch \(batch); single-label latency: median of \(singles)")
        print("| implementation | threads | labels/s | ms per single label |")
        print("|---|---|---|---|")
        print(row("INVKit", threads: Parallel.workers, batchSeconds, singleSeconds))
        let interpreter = python.isEmpty ? (ProcessInfo.processInfo.environment["INV_BENCH_PYTHON"] ?? "") : python
        guard !interpreter.isEmpty else {
            print("(sentence-transformers skipped: pass --python or set INV_BENCH_PYTHON)")
            return
        }
        let reference = try Self.reference(python: interpreter, folder: folder, texts: texts, batch: batch, singles: singles)
        print(row("sentence-transformers \(reference.sentence_transformers) (torch \(reference.torch))",
                  threads: reference.threads, reference.batch_seconds, reference.single_seconds))
        print(String(format: "speed-up: %.2f× throughput, %.2f× latency",
                     reference.batch_seconds / batchSeconds, reference.single_seconds / singleSeconds))
    }

    private func row(_ name: String, threads: Int, _ batchSeconds: Double, _ singleSeconds: Double) -> String {
        String(format: "| %@ | %d | %.0f | %.2f |", name, threads, Double(labels) / batchSeconds, singleSeconds * 1000)
    }

    private func seconds(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Deterministic labels of 1–3 words drawn from words players type for image parts.
    static func labels(count: Int) -> [String] {
        let words = ["dog", "cat", "ear", "eye", "nose", "muzzle", "fur", "paw", "tail", "grass", "sky", "cloud", "tree",
                     "leaf", "branch", "roof", "church", "steeple", "tower", "window", "door", "wall", "brick", "fish",
                     "fin", "scale", "water", "wave", "sand", "beach", "kite", "string", "red", "blue", "green", "white",
                     "black", "striped", "furry", "wooden", "metal", "glass", "wheel", "car", "road", "sign", "face",
                     "mouth", "teeth", "whiskers", "cup", "coffee", "handle", "foam", "table", "shadow", "light", "edge",
                     "corner", "background", "head", "leg", "wing", "feather", "beak", "flower", "petal", "stone"]
        var random = SplitMix(seed: 7)
        return (0..<count).map { _ in
            let n = 1 + Int(random.next() % 3)
            return (0..<n).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
        }
    }

    struct Reference: Decodable {
        let sentence_transformers: String
        let torch: String
        let threads: Int
        let batch_seconds: Double
        let single_seconds: Double
    }

    /// Runs Scripts/bench_minilm_reference.py with `python` and decodes its JSON line.
    static func reference(python: String, folder: URL, texts: [String], batch: Int, singles: Int) throws -> Reference {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scripts/bench_minilm_reference.py")
        let labelsFile = FileManager.default.temporaryDirectory.appendingPathComponent("inv-bench-minilm-labels.txt")
        try texts.joined(separator: "\n").write(to: labelsFile, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, folder.path, labelsFile.path, String(batch), String(singles), String(Parallel.workers)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last else {
            throw ValidationError("\(python) \(script.path) failed with status \(process.terminationStatus)")
        }
        return try JSONDecoder().decode(Reference.self, from: Data(line.utf8))
    }
}
