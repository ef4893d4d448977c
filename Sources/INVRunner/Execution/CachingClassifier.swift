import Foundation
import INVCore
import INVEngine

/// A ``ClassifierModel`` that remembers forward + backward passes, so grid points that differ only
/// in what happens after the network pass (weighting, threshold, reducers, clusterer, k selection)
/// reuse one pass per (image, target, layer set).
///
/// The key is the input tensor itself (the runner keeps one cache per model, so the model and the
/// preprocessing are part of it), the tapped layers, the rectifier gradient and the backward seed —
/// the target class, which for `target: predicted` is derived from the cached logits. In memory only
/// the latest input is kept (the runner visits all points of one image before the next); with a
/// ``PassStore`` every pass also goes to disk and is found there by later runs and other shards.
///
/// With a store, the logits of every batch a perturbation explainer or metric sends (LIME's,
/// SHAP's, RISE's samples, deletion's steps) are kept too, keyed by the batch's content: sound for
/// any deterministic model, and since the explainers are seeded, a job interrupted half-way and
/// run again, or a later run of the same baseline, reads its batches back instead of running the
/// network. Without a store batches are not cached (hashing them would cost without a reuse).
public final class CachingClassifier: ClassifierModel, @unchecked Sendable {
    public let base: any ClassifierModel
    public let store: PassStore?
    private let lock = NSLock()
    private var input: Tensor?
    private var inputKey: String?
    private var logits: Tensor?
    private var passes: [(taps: [String], rectifier: RectifierGradient, seed: [Float], pass: GraphPass)] = []
    private var counts = Statistics()

    /// Passes served from memory, read from disk, and run; batches read from disk, and run.
    public struct Statistics: Sendable, Equatable {
        public var memoryHits = 0
        public var diskHits = 0
        public var misses = 0
        public var batchDiskHits = 0
        public var batchMisses = 0
    }

    public init(_ base: any ClassifierModel, store: PassStore? = nil) {
        self.base = base
        self.store = store
    }

    public var inputName: String { base.inputName }
    public var inputShape: [Int] { base.inputShape }
    public var classCount: Int { base.classCount }
    public var layers: [LayerInfo] { base.layers }

    public var statistics: Statistics { lock.withLock { counts } }

    public func logits(_ batch: Tensor) throws -> Tensor {
        guard let store else { return try base.logits(batch) }
        let key = store.inputKey(batch)
        if let stored = store.batchLogits(batch: key), stored.shape == [batch.shape[0], classCount] {
            lock.withLock { counts.batchDiskHits += 1 }
            return stored
        }
        let logits = try base.logits(batch)
        try store.storeBatchLogits(logits, batch: key)
        lock.withLock { counts.batchMisses += 1 }
        return logits
    }

    public func forwardBackward(_ image: Tensor, taps: [String], rectifierGradient: RectifierGradient,
                                seed: (Tensor) throws -> Tensor) throws -> GraphPass {
        let current: (logits: Tensor?, key: String?)? = lock.withLock {
            input.map { $0.shape == image.shape && $0.scalars == image.scalars } == true ? (logits, inputKey) : nil
        }
        if let cachedLogits = current?.logits {
            let wanted = try seed(cachedLogits).scalars
            let hit: GraphPass? = lock.withLock {
                let pass = passes.first { $0.taps == taps && $0.rectifier == rectifierGradient && $0.seed == wanted }?.pass
                if pass != nil { counts.memoryHits += 1 }
                return pass
            }
            if let hit { return hit }
        }
        let key = current?.key ?? store?.inputKey(image)
        if let store, let key, let stored = current?.logits ?? store.logits(input: key) {
            let wanted = try seed(stored).scalars
            if let pass = store.pass(key: store.passKey(input: key, taps: taps, rectifier: rectifierGradient, seed: wanted), taps: taps) {
                remember(image, key: key, logits: stored, (taps, rectifierGradient, wanted, pass))
                lock.withLock { counts.diskHits += 1 }
                return pass
            }
        }
        var usedSeed: [Float] = []
        let pass = try base.forwardBackward(image, taps: taps, rectifierGradient: rectifierGradient) { logits in
            let s = try seed(logits)
            usedSeed = s.scalars
            return s
        }
        remember(image, key: key, logits: pass.output, (taps, rectifierGradient, usedSeed, pass))
        lock.withLock { counts.misses += 1 }
        if let store, let key {
            try store.storeLogits(pass.output, input: key)
            try store.storePass(pass, key: store.passKey(input: key, taps: taps, rectifier: rectifierGradient, seed: usedSeed), taps: taps)
        }
        return pass
    }

    /// Straight to the base model, not cached: the batches are perturbed images (I-GOS's noisy path
    /// images) and their gradients are as large as the batch; the forward batches of the same
    /// explainers (line search, patch sets) go through ``logits(_:)`` and are cached.
    public func inputGradients(_ batch: Tensor, seed: (Tensor) throws -> Tensor) throws -> (logits: Tensor, gradients: Tensor) {
        try base.inputGradients(batch, seed: seed)
    }

    private func remember(_ image: Tensor, key: String?, logits: Tensor,
                          _ entry: (taps: [String], rectifier: RectifierGradient, seed: [Float], pass: GraphPass)) {
        lock.withLock {
            if !(input.map { $0.shape == image.shape && $0.scalars == image.scalars } ?? false) {
                input = image
                inputKey = key
                self.logits = logits
                passes = []
            }
            passes.append(entry)
        }
    }
}
