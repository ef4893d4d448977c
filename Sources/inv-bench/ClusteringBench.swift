import ArgumentParser
import Foundation
import INVCore
import INVPlugins

/// `inv-bench clustering`: the per-layer clustering of thesis §4.2 (min-max normalise each map →
/// PCA(50) → t-SNE → Ward for k = 3…8 → silhouette per k) on random maps of the thesis' layer
/// sizes, beside scikit-learn doing the same on the same data in the same run
/// (Benchmarks/clustering_peer.py).
struct ClusteringBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clustering",
        abstract: "Per-layer clustering (normalise → PCA → t-SNE → Ward k=3…8 → silhouette) vs scikit-learn.")

    @Option(help: "Timed runs per layer for INVKit (median reported, after one warm-up).")
    var repeats = 5

    @Option(help: "Timed runs per layer for scikit-learn (median reported).")
    var peerRepeats = 3

    @Flag(help: "Time INVKit only.")
    var skipPeer = false

    @Option(help: "Python used to start the peer script (it creates its own virtual environment).")
    var python = "python3"

    /// The thesis' layer shapes (maps × pixels) with the layer they stand for.
    static let layers: [(name: String, maps: Int, side: Int)] = [
        ("130 × 56²", 130, 56), ("230 × 28²", 230, 28), ("130 × 14²", 130, 14), ("512 × 28²", 512, 28),
    ]

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("invkit-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var manifest = [[String: Any]]()
        var ours = [LayerTiming]()
        for (index, layer) in Self.layers.enumerated() {
            let maps = Self.randomMaps(rows: layer.maps, columns: layer.side * layer.side, seed: UInt64(index + 1))
            let path = directory.appendingPathComponent("layer\(index).f64")
            try maps.values.withUnsafeBytes { try Data($0).write(to: path) }
            manifest.append(["name": layer.name, "rows": maps.rows, "columns": maps.columns, "path": path.path])
            _ = try Self.clusterLayer(maps)  // warm-up
            let runs = try (0..<repeats).map { _ in try Self.clusterLayer(maps) }
            ours.append(LayerTiming.median(runs))
        }

        var peer: [LayerTiming]?, versions = ""
        if !skipPeer {
            let manifestPath = directory.appendingPathComponent("manifest.json")
            try JSONSerialization.data(withJSONObject: ["layers": manifest]).write(to: manifestPath)
            (peer, versions) = try Self.runPeer(python: python, manifest: manifestPath, repeats: peerRepeats)
        }
        printTable(ours: ours, peer: peer, versions: versions)
    }

    /// Uniform [0, 1) maps, like post-activation feature maps before normalisation.
    static func randomMaps(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        var random = SeededRandom(seed: seed)
        return Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in random.uniform() })
    }

    /// One layer through the thesis pipeline with the built-in defaults, timed by stage.
    static func clusterLayer(_ maps: Matrix) throws -> LayerTiming {
        let clock = ContinuousClock()
        let start = clock.now
        var normalised = maps
        for i in 0..<maps.rows {
            let row = maps.row(i)
            let low = row.min() ?? 0, span = (row.max() ?? 0) - low
            for j in 0..<maps.columns { normalised[i, j] = span > 0 ? (maps[i, j] - low) / span : 0 }
        }
        let reduced = try PCA(parameters: .init()).reduce(normalised, seed: 0)
        let afterPCA = clock.now
        let embedding = try TSNE(parameters: .init()).reduce(reduced, seed: 0)
        let afterTSNE = clock.now
        let ks = admissibleClusterCounts(Array(3...8), samples: maps.rows)
        let partitions = try Agglomerative(parameters: .init()).partitions(embedding, ks: ks, seed: 0)
        let silhouette = Silhouette(parameters: .init())
        let scores = try ks.map { try silhouette.score(embedding, labels: partitions[$0]!) }
        let end = clock.now
        let chosen = zip(ks, scores).max { $0.1 < $1.1 }?.0 ?? 0
        return LayerTiming(normalisePCA: afterPCA - start, tsne: afterTSNE - afterPCA, clusterScore: end - afterTSNE,
                           chosenK: chosen, digest: digest(embedding.values))
    }

    /// FNV-1a over the embedding's bits: equal digests across INV_THREADS settings show determinism.
    static func digest(_ values: [Double]) -> UInt64 {
        values.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ $1.bitPattern) &* 0x100_0000_01b3 }
    }

    static func runPeer(python: String, manifest: URL, repeats: Int) throws -> ([LayerTiming], String) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/clustering_peer.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script.path, manifest.path, "\(repeats)"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let layers = json["layers"] as? [[String: Any]]
        else {
            throw ValidationError("the scikit-learn peer \(script.path) failed (status \(process.terminationStatus))")
        }
        let timings = layers.map { layer in
            func seconds(_ key: String) -> Duration { .nanoseconds(Int64(((layer[key] as? Double) ?? 0) * 1e9)) }
            return LayerTiming(normalisePCA: seconds("normalise_pca"), tsne: seconds("tsne"),
                               clusterScore: seconds("cluster_score"), chosenK: layer["chosen_k"] as? Int ?? 0, digest: nil)
        }
        let versions = (json["versions"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return (timings, versions)
    }

    func printTable(ours: [LayerTiming], peer: [LayerTiming]?, versions: String) {
        func ms(_ d: Duration) -> String { String(format: "%8.1f", d.seconds * 1e3) }
        let threads = ProcessInfo.processInfo.environment["INV_THREADS"] ?? "all \(ProcessInfo.processInfo.activeProcessorCount) cores"
        print("Per-layer clustering: median of \(repeats) INVKit runs and \(peerRepeats) scikit-learn runs per stage; threads: \(threads); ms")
        if !versions.isEmpty { print("Peer: \(versions)") }
        print("| layer | INVKit norm+PCA | t-SNE | ward+silhouette | total | sklearn norm+PCA | t-SNE | ward+silhouette | total | speed-up | k ours/sklearn | embedding digest |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
        for (index, layer) in Self.layers.enumerated() {
            let o = ours[index]
            var cells = [layer.name, ms(o.normalisePCA), ms(o.tsne), ms(o.clusterScore), ms(o.total)]
            if let p = peer?[index] {
                cells += [ms(p.normalisePCA), ms(p.tsne), ms(p.clusterScore), ms(p.total),
                          String(format: "%.1f×", p.total.seconds / o.total.seconds), "\(o.chosenK)/\(p.chosenK)"]
            } else {
                cells += ["–", "–", "–", "–", "–", "\(o.chosenK)/–"]
            }
            cells.append(String(o.digest ?? 0, radix: 16))
            print("| " + cells.joined(separator: " | ") + " |")
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Wall-clock time of one layer by stage.
struct LayerTiming {
    var normalisePCA: Duration
    var tsne: Duration
    var clusterScore: Duration
    var chosenK: Int
    var digest: UInt64?
    var total: Duration { normalisePCA + tsne + clusterScore }

    /// Stage-wise medians (the total is the median of totals).
    static func median(_ runs: [LayerTiming]) -> LayerTiming {
        func middle(_ values: [Duration]) -> Duration { values.sorted()[values.count / 2] }
        let byTotal = runs.sorted { $0.total < $1.total }
        return LayerTiming(normalisePCA: middle(runs.map(\.normalisePCA)), tsne: middle(runs.map(\.tsne)),
                           clusterScore: middle(runs.map(\.clusterScore)), chosenK: byTotal[runs.count / 2].chosenK,
                           digest: byTotal[runs.count / 2].digest)
    }
}
