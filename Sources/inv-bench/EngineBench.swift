import ArgumentParser
import Foundation
import INVEngine

/// `inv-bench engine`: convolution layers of VGG-16, ResNet-18 and EfficientNet-Lite0 at 224×224,
/// each beside its ceiling — bare `sgemm` calls of the same M×N×K on ready-made matrices,
/// parallelised the same way across the cores — measured in the same run.
struct Engine: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Conv2D forward/backward throughput against a bare-sgemm ceiling of the same shapes.")

    @Option(help: "Comma-separated networks: \(ConvLayers.networks.keys.sorted().joined(separator: ", ")).")
    var networks = "vgg16,resnet18,efficientnet-lite0"

    @Option(help: "Comma-separated batch sizes.")
    var batches = "1,16"

    @Flag(help: "Leave glibc's default of mmap-ing every block above 32 MiB (see HeapTuning); by default freed large blocks are reused.")
    var systemMalloc = false

    @Option(help: "Minimum measuring time per layer, in seconds (at least 3 interleaved rounds; the best time is reported).")
    var seconds = 0.3

    mutating func validate() throws {
        for name in networkList where ConvLayers.networks[name] == nil {
            throw ValidationError("unknown network '\(name)'; known: \(ConvLayers.networks.keys.sorted().joined(separator: ", "))")
        }
        guard !batchList.isEmpty, batchList.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--batches must list positive integers, got '\(batches)'")
        }
    }

    private var networkList: [String] { networks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    private var batchList: [Int] { batches.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func run() throws {
        let tuned = !systemMalloc && HeapTuning.keepLargeBlocksForReuse()
        print("Conv2D on \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Parallel.workers) workers; best of ≥ 3 interleaved rounds and ≥ \(seconds) s per layer.")
        print("ceiling = bare sgemm of the same per-group M×N×K on ready matrices, one call per image×group (batch > 1) or one")
        print("call per core on the columns or rows, whichever is faster (batch 1), each image×group writing its own output,")
        print("timed in the same rounds; % = ceiling time / conv time. bwd = input gradient only (weights constant).")
        print("Large freed blocks are \(tuned ? "kept for reuse (HeapTuning.keepLargeBlocksForReuse)" : "returned to the kernel (glibc default)").")
        print(String(format: "Load average at start: %.2f.\n", loadAverage()))
        print("| network | layer | N | C→M | in | k/s | groups | GEMM M×N×K | fwd ms | GFLOP/s | ceiling ms | % of ceiling | bwd dx ms | bwd/fwd |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        var results: [LayerResult] = []
        let start = Date()
        for batch in batchList {
            for name in networkList {
                for layer in ConvLayers.networks[name]! {
                    let result = try measure(layer, batch: batch)
                    results.append(result)
                    print(result.row)
                    fflush(nil)  // rows appear as they are measured
                }
            }
        }
        print("")
        summarize(results)
        print(String(format: "\nTotal benchmark time %.0f s; load average at the end %.2f.", Date().timeIntervalSince(start), loadAverage()))
    }

    struct LayerResult {
        let layer: ConvLayer
        let batch: Int
        let forward: Double, ceiling: Double, backward: Double

        var flops: Double {
            let (m, n, k) = layer.gemm
            return 2 * Double(batch * layer.groups * m * n * k)
        }
        var ofCeiling: Double { ceiling / forward }
        var row: String {
            let (m, n, k) = layer.gemm
            let l = layer
            return "| \(l.network) | \(l.name)\(l.repeats > 1 ? " ×\(l.repeats)" : "") | \(batch) | \(l.inChannels)→\(l.outChannels) | \(l.size)² | \(l.kernel)/\(l.stride) | \(l.groups) | "
                + "\(m)×\(n)×\(k) | " + String(format: "%.3f | %.1f | %.3f | %.0f %% | %.3f | %.2f |",
                                              forward * 1e3, flops / forward / 1e9, ceiling * 1e3, 100 * ofCeiling,
                                              backward * 1e3, backward / forward)
        }
    }

    private func summarize(_ results: [LayerResult]) {
        let dense = results.filter { !$0.layer.isDepthwise }
        let bigK = dense.filter { $0.layer.gemm.k >= 256 }
        func describe(_ values: [Double], _ format: String) -> String {
            guard !values.isEmpty else { return "n/a" }
            let sorted = values.sorted()
            return String(format: "min \(format), median \(format), max \(format)", sorted.first!, sorted[sorted.count / 2], sorted.last!)
        }
        print("Layers with K ≥ 256 (\(bigK.count)): % of ceiling " + describe(bigK.map { 100 * $0.ofCeiling }, "%.0f %%")
              + "; \(bigK.filter { $0.ofCeiling >= 0.8 }.count) of \(bigK.count) reach ≥ 80 %.")
        print("All non-depthwise layers (\(dense.count)): % of ceiling " + describe(dense.map { 100 * $0.ofCeiling }, "%.0f %%") + ".")
        print("Backward (dx) / forward, all layers: " + describe(results.map { $0.backward / $0.forward }, "%.2f")
              + "; \(results.filter { $0.backward / $0.forward <= 2.5 }.count) of \(results.count) ≤ 2.5.")
        for batch in Set(results.map(\.batch)).sorted() {
            for network in networkList {
                let rows = results.filter { $0.batch == batch && $0.layer.network == network }
                let forward = rows.reduce(0) { $0 + $1.forward * Double($1.layer.repeats) }
                let backward = rows.reduce(0) { $0 + $1.backward * Double($1.layer.repeats) }
                let flops = rows.reduce(0) { $0 + $1.flops * Double($1.layer.repeats) }
                print(String(format: "%@ batch %d, all conv layers: forward %.1f ms (%.1f GFLOP/s), backward dx %.1f ms.",
                             network, batch, forward * 1e3, flops / forward / 1e9, backward * 1e3))
            }
        }
    }

    private func measure(_ layer: ConvLayer, batch: Int) throws -> LayerResult {
        var random = SplitMix(seed: 42)
        let x = random.tensor([batch, layer.inChannels, layer.size, layer.size])
        let w = random.tensor([layer.outChannels, layer.inChannels / layer.groups, layer.kernel, layer.kernel])
        let b = random.tensor([layer.outChannels])
        let op = layer.op
        let y = try op.forward([x, w, b])
        let g = random.tensor(y.shape)
        let ceiling = GEMMCeiling(layer: layer, batch: batch)
        var bodies: [() throws -> Void] = [
            { _ = try op.forward([x, w, b]) },
            { _ = try op.backward([x, w, b], output: y, gradient: g, context: BackwardContext(needsGradient: [true, false, false])) },
        ]
        bodies += ceiling.variants.map { split in { ceiling.run(split) } }
        let best = try bestOfInterleaved(bodies)
        return LayerResult(layer: layer, batch: batch, forward: best[0], ceiling: best[2...].min()!, backward: best[1])
    }

    /// Runs `bodies` in rounds — one run of each per round, so a burst of load on the machine hits
    /// them alike — for at least 3 rounds and `seconds` seconds after a warm-up round; returns each
    /// body's fastest time.
    private func bestOfInterleaved(_ bodies: [() throws -> Void]) throws -> [Double] {
        for body in bodies { try body() }
        var best = [Double](repeating: .infinity, count: bodies.count)
        let start = Date()
        var rounds = 0
        while rounds < 3 || (Date().timeIntervalSince(start) < seconds && rounds < 100) {
            for (i, body) in bodies.enumerated() {
                let t0 = DispatchTime.now().uptimeNanoseconds
                try body()
                best[i] = Swift.min(best[i], Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            }
            rounds += 1
        }
        return best
    }
}

/// Bare `sgemm` of a layer's per-group M×N×K on ready matrices (no im2col, no bias, no layout
/// work), spread over the cores the way the convolution spreads its GEMMs: one call per
/// image × group for a batch; for one image without groups, one call per core on equal blocks of
/// the columns or of the rows (both are timed; the faster is the ceiling). Every image × group
/// writes its own output matrix, as the convolution does; all read the same input matrix (the
/// convolution reads its unfolded tiles from cache).
final class GEMMCeiling {
    enum Split { case columns, rows, perImageAndGroup }

    let layer: ConvLayer
    let batch: Int
    private let a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>
    private let outputs: Int

    init(layer: ConvLayer, batch: Int) {
        self.layer = layer
        self.batch = batch
        let (m, n, k) = layer.gemm
        let groups = layer.groups
        // One output matrix per image and group, like the convolution's output: the same memory traffic.
        outputs = batch * groups
        a = .allocate(capacity: groups * m * k)
        b = .allocate(capacity: groups * k * n)
        c = .allocate(capacity: outputs * m * n)
        a.initialize(repeating: 0.5, count: groups * m * k)
        b.initialize(repeating: 0.25, count: groups * k * n)
        c.initialize(repeating: 0, count: outputs * m * n)
    }

    deinit {
        a.deallocate()
        b.deallocate()
        c.deallocate()
    }

    var variants: [Split] { batch == 1 && layer.groups == 1 ? [.columns, .rows] : [.perImageAndGroup] }

    func run(_ split: Split) {
        let (m, n, k) = layer.gemm
        let (groups, lanes) = (layer.groups, Parallel.workers)
        let (pa, pb, pc) = (SharedConstPointer(UnsafePointer(a)), SharedConstPointer(UnsafePointer(b)), SharedPointer(c))
        switch split {
        case .columns, .rows:
            let rows = split == .rows
            let extent = rows ? m : n
            let blocks = Parallel.ranges(extent, chunk: (extent + lanes - 1) / lanes)
            Parallel.forEach(blocks.count) { i in
                let r = blocks[i]
                if rows {
                    BLAS.sgemm(m: r.count, n: n, k: k, a: pa + r.lowerBound * k, lda: k, b: pb.base, ldb: n,
                               c: pc + r.lowerBound * n, ldc: n)
                } else {
                    BLAS.sgemm(m: m, n: r.count, k: k, a: pa.base, lda: k, b: pb + r.lowerBound, ldb: n,
                               c: pc + r.lowerBound, ldc: n)
                }
            }
        case .perImageAndGroup:
            Parallel.forEach(batch * groups) { t in
                let group = t % groups
                BLAS.sgemm(m: m, n: n, k: k, a: pa + group * m * k, lda: k, b: pb + group * k * n, ldb: n,
                           c: pc + t * m * n, ldc: n)
            }
        }
    }
}

/// The 1-minute load average (other processes competing for the cores), or −1 where unavailable.
func loadAverage() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
          let first = text.split(separator: " ").first, let value = Double(first) else { return -1 }
    return value
}

/// SplitMix64 for benchmark inputs.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func tensor(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.elementCount).map { _ in Float(Double(next() >> 11) / Double(1 << 53)) * 2 - 1 })
    }
}
