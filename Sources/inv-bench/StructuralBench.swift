import ArgumentParser
import Foundation
import INVCore
import INVEngine
import INVImaging
import INVModels
import INVPlugins

/// `inv-bench structural`: I-GOS, iGOS++, Grad-CAM and RISE on the packaged photos, scored by
/// deletion and insertion at mask resolutions (the I-GOS papers' protocol,
/// ``ResolutionCausalMetric``), with the time per image of each method (issue 12's evaluation).
/// The mask methods run at each resolution (`mask-size = r`); the others run once and their
/// heatmaps are average-pooled to each resolution. Rows are written to `structural.json` as they
/// finish, and a re-run with the same `--out` keeps them and does only what is missing (seed and model
/// must match), so a long evaluation survives an interruption.
struct StructuralBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "structural",
        abstract: "Deletion/insertion at mask resolutions for igos, igos++, grad-cam and rise, with time per image.")

    @Option(help: "Comma-separated methods (mask methods: igos, igos++; others: any explainer without a mask size).")
    var methods = "igos,igos++,grad-cam,rise"

    @Option(help: "Comma-separated mask resolutions.")
    var resolutions = "28,224"

    @Option(help: "Model (zoo name or ONNX file).")
    var model = "efficientnet-lite0"

    @Option(help: "Where per-image results (curves, timings) are written as JSON.")
    var out = "Results/structural"

    @Option(help: "Seed of every stochastic method.")
    var seed: UInt64 = 0

    @Argument(help: "Images (default: every photo in the cache's photos/ folder).")
    var images: [String] = []

    struct Row: Codable {
        var image: String
        var method: String
        var resolution: Int
        var seconds: Double
        var scores: ResolutionCausalMetric.Scores
        var model: String
        var seed: UInt64
    }

    /// The rows of an earlier run into the same `--out`, refused when its model or seed differ.
    private func previousRows(_ file: URL) throws -> [Row] {
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        let rows: [Row]
        do { rows = try JSONDecoder().decode([Row].self, from: Data(contentsOf: file)) } catch {
            throw ValidationError("\(file.path): not the rows of an earlier `inv-bench structural` run (\(error)); choose another --out")
        }
        if let other = rows.first(where: { $0.model != model || $0.seed != seed }) {
            throw ValidationError("\(file.path) holds results of model \(other.model), seed \(other.seed); this run is model \(model), seed \(seed): choose another --out")
        }
        return rows
    }

    func run() throws {
        HeapTuning.keepLargeBlocksForReuse()
        let classifier = try ImageClassifier.load(model)
        let family = PluginFamily<any Explainer>.builtInExplainers
        let sizes = resolutions.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let names = methods.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let files = try images.isEmpty ? photos() : images
        let results = URL(fileURLWithPath: out).appendingPathComponent("structural.json")
        var rows = try previousRows(results)
        if !rows.isEmpty { log("resuming: \(rows.count) rows already in \(results.path)") }
        for path in files {
            let url = URL(fileURLWithPath: path)
            let (input, _) = try classifier.preprocess(try Image(contentsOf: url))
            let probabilities = try classifier.classifier.probabilities(input)[0]
            let target = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
            for name in names {
                let masked = ["igos", "igos++"].contains(name)
                var once: Heatmap?
                for r in sizes where !rows.contains(where: { $0.image == url.lastPathComponent && $0.method == name && $0.resolution == r }) {
                    let heatmap: Heatmap
                    if masked {
                        let explainer = try family.make(PluginSpec(name, ["mask-size": .int(r)]))
                        heatmap = try explainer.explain(image: input, target: target, model: classifier.classifier, seed: seed)
                    } else {
                        if once == nil {
                            once = try family.make(PluginSpec(name)).explain(image: input, target: target, model: classifier.classifier, seed: seed)
                        }
                        heatmap = once!
                    }
                    let scores = try ResolutionCausalMetric(resolution: r).score(image: input, heatmap: heatmap, target: target,
                                                                                 model: classifier.classifier)
                    rows.append(Row(image: url.lastPathComponent, method: name, resolution: r, seconds: heatmap.seconds, scores: scores,
                                    model: model, seed: seed))
                    try AtomicFile.writeJSON(rows, to: results)
                    log(String(format: "%@ %@ r=%d: deletion %.4f insertion %.4f (%.1f s)", url.lastPathComponent, name, r,
                               scores.deletion, scores.insertion, heatmap.seconds))
                }
            }
            printTable(rows, names: names, sizes: sizes)
        }
        printTable(rows, names: names, sizes: sizes)
        print("\(files.count) images, model \(model), seed \(seed)")
    }

    /// Means over the images scored so far, per method and resolution.
    private func printTable(_ rows: [Row], names: [String], sizes: [Int]) {
        print("| method | resolution | deletion ↓ | insertion ↑ | seconds / image | images | beats grad-cam on deletion / insertion |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name in names {
            for r in sizes {
                let mine = rows.filter { $0.method == name && $0.resolution == r }
                guard !mine.isEmpty else { continue }
                let n = Double(mine.count)
                print(String(format: "| %@ | %d × %d | %.4f | %.4f | %.1f | %d | %@ |", name, r, r,
                             mine.reduce(0) { $0 + $1.scores.deletion } / n, mine.reduce(0) { $0 + $1.scores.insertion } / n,
                             mine.reduce(0) { $0 + $1.seconds } / n, mine.count, comparedWithGradCAM(mine, rows: rows)))
            }
        }
    }

    /// On the images where Grad-CAM was scored at the same resolution: how often `mine` has the lower
    /// deletion and the higher insertion AUC (the I-GOS papers' claim), "—" for Grad-CAM itself.
    private func comparedWithGradCAM(_ mine: [Row], rows: [Row]) -> String {
        guard let method = mine.first?.method, method != "grad-cam" else { return "—" }
        let pairs = mine.compactMap { row in
            rows.first { $0.method == "grad-cam" && $0.image == row.image && $0.resolution == row.resolution }.map { (row.scores, $0.scores) }
        }
        guard !pairs.isEmpty else { return "—" }
        let deletion = pairs.filter { $0.0.deletion < $0.1.deletion }.count, insertion = pairs.filter { $0.0.insertion > $0.1.insertion }.count
        return "\(deletion) / \(insertion) of \(pairs.count)"
    }

    private func photos() throws -> [String] {
        let folder = ModelCache.standard().file("photos")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".png") || $0.hasSuffix(".jpg") || $0.hasSuffix(".jpeg") }
            .sorted().map { folder.appendingPathComponent($0).path }
    }

    private func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
