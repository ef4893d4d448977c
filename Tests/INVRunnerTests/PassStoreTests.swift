import Foundation
import Testing
import INVEngine
import INVCore
@testable import INVRunner

@Suite(.serialized) struct PassStoreTests {
    @Test func roundTripAndCorruptFiles() throws {
        let folder = TinyModel.temporaryFolder("store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = PassStore(directory: folder, modelSHA256: "abc")
        let input = Tensor(shape: [1, 2], scalars: [0.5, -1])
        let key = store.inputKey(input)
        #expect(key != PassStore(directory: folder, modelSHA256: "abd").inputKey(input), "the model is part of the key")
        let pass = GraphPass(output: Tensor(shape: [1, 3], scalars: [1, 2, 3]),
                             activations: ["a": Tensor(shape: [1, 2, 1, 1], scalars: [.pi, -0])],
                             gradients: ["a": Tensor(shape: [1, 2, 1, 1], scalars: [1e-30, .greatestFiniteMagnitude])])
        let passKey = store.passKey(input: key, taps: ["a"], rectifier: .standard, seed: [0, 1, 0])
        try store.storePass(pass, key: passKey, taps: ["a"])
        let back = try #require(store.pass(key: passKey, taps: ["a"]))
        // Bit patterns must survive exactly (a cache, not a computation).
        #expect(back.output.scalars.map(\.bitPattern) == pass.output.scalars.map(\.bitPattern))
        #expect(back.activations["a"]!.scalars.map(\.bitPattern) == pass.activations["a"]!.scalars.map(\.bitPattern))
        #expect(back.gradients["a"]!.scalars.map(\.bitPattern) == pass.gradients["a"]!.scalars.map(\.bitPattern))
        #expect(back.gradients["a"]!.shape == [1, 2, 1, 1])
        #expect(store.pass(key: passKey, taps: ["a", "b"]) == nil, "a missing layer is a miss")
        let file = folder.appendingPathComponent("\(passKey).pass.f32")
        let data = try Data(contentsOf: file)
        try data.dropLast(3).write(to: file)
        #expect(store.pass(key: passKey, taps: ["a"]) == nil, "a truncated file is a miss")
    }

    @Test func diskCacheServesALaterRunWithIdenticalResults() throws {
        let folder = TinyModel.temporaryFolder("diskcache")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try TinyModel.write(to: folder)
        let layout = ResultsLayout(root: folder.appendingPathComponent("out"))
        let first = try Runner(plan: try RunnerTests.plan(RunnerTests.config(files), folder: folder), layout: layout,
                               plugins: testPlugins, diskCache: true).run { _ in }
        #expect(first == Runner.Summary(done: 4, networkPasses: 2, cachedPasses: 2, passesFromDisk: 0))
        let before = try RunnerTests.results(layout.root)
        try FileManager.default.removeItem(at: layout.points)
        let second = try Runner(plan: try RunnerTests.plan(RunnerTests.config(files), folder: folder), layout: layout,
                                plugins: testPlugins, diskCache: true).run { _ in }
        #expect(second == Runner.Summary(done: 4, networkPasses: 0, cachedPasses: 2, passesFromDisk: 2))
        #expect(try RunnerTests.results(layout.root) == before)
    }

    @Test func perturbationBatchesAreReadBackByALaterRun() throws {
        let folder = TinyModel.temporaryFolder("batches")
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = CountingModel()
        let batch = Tensor(shape: [2, 1, 2, 2], scalars: [1, 2, 3, 4, -1, 0, 5, 2])
        let first = CachingClassifier(base, store: PassStore(directory: folder, modelSHA256: "m"))
        let logits = try first.logits(batch)
        #expect(base.calls == 1)
        #expect(first.statistics.batchMisses == 1)
        let later = CachingClassifier(base, store: PassStore(directory: folder, modelSHA256: "m"))
        let again = try later.logits(batch)
        #expect(base.calls == 1, "the second run reads the batch from disk")
        #expect(later.statistics.batchDiskHits == 1)
        #expect(again.shape == logits.shape && again.scalars.map(\.bitPattern) == logits.scalars.map(\.bitPattern))
        var changed = batch
        changed.scalars[7] = 3
        _ = try later.logits(changed)
        #expect(base.calls == 2, "another batch is another key")
        _ = try CachingClassifier(base).logits(batch)
        #expect(base.calls == 3, "without a store nothing is cached")
    }
}

/// Logits = (sum, max) of each image; counts the batches it is sent.
private final class CountingModel: ClassifierModel, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var calls: Int { lock.withLock { count } }
    let inputName = "x"
    let inputShape = [1, 2, 2]
    let classCount = 2
    let layers: [LayerInfo] = []

    func logits(_ batch: Tensor) throws -> Tensor {
        lock.withLock { count += 1 }
        let n = batch.shape[0], size = batch.scalars.count / n
        let rows = (0..<n).flatMap { i -> [Float] in
            let image = batch.scalars[(i * size)..<((i + 1) * size)]
            return [image.reduce(0, +), image.max()!]
        }
        return Tensor(shape: [n, 2], scalars: rows)
    }

    func forwardBackward(_ image: Tensor, taps: [String], rectifierGradient: RectifierGradient,
                         seed: (Tensor) throws -> Tensor) throws -> GraphPass {
        throw CocoaError(.featureUnsupported)
    }
}
