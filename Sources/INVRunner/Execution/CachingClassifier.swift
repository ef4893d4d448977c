import Foundation
import INVCore
import INVEngine

/// A ``ClassifierModel`` that remembers the forward + backward passes of the most recent input
/// image, so grid points that differ only in what happens after the network pass (weighting,
/// threshold, reducers, clusterer, k selection) reuse one pass per (image, target, layer set).
///
/// The key is the input tensor itself (so the model and the preprocessing are part of it: the
/// runner keeps one cache per model), the tapped layers, the rectifier gradient and the backward
/// seed — the target class, which for `target: predicted` is derived from the cached logits.
/// Only the latest input is kept: the runner visits all points of one image before the next.
public final class CachingClassifier: ClassifierModel, @unchecked Sendable {
    public let base: any ClassifierModel
    private let lock = NSLock()
    private var input: Tensor?
    private var logits: Tensor?
    private var passes: [(taps: [String], rectifier: RectifierGradient, seed: [Float], pass: GraphPass)] = []
    private var counts = (hits: 0, misses: 0)

    public init(_ base: any ClassifierModel) { self.base = base }

    public var inputShape: [Int] { base.inputShape }
    public var classCount: Int { base.classCount }
    public var layers: [LayerInfo] { base.layers }

    /// Passes served from the cache and passes run, so far.
    public var statistics: (hits: Int, misses: Int) { lock.withLock { counts } }

    public func logits(_ batch: Tensor) throws -> Tensor { try base.logits(batch) }

    public func forwardBackward(_ image: Tensor, taps: [String], rectifierGradient: RectifierGradient,
                                seed: (Tensor) throws -> Tensor) throws -> GraphPass {
        let cachedLogits: Tensor? = lock.withLock { input.map { $0.shape == image.shape && $0.scalars == image.scalars } == true ? logits : nil }
        if let cachedLogits {
            let wanted = try seed(cachedLogits).scalars
            let hit: GraphPass? = lock.withLock {
                let pass = passes.first { $0.taps == taps && $0.rectifier == rectifierGradient && $0.seed == wanted }?.pass
                if pass != nil { counts.hits += 1 }
                return pass
            }
            if let hit { return hit }
        }
        var usedSeed: [Float] = []
        let pass = try base.forwardBackward(image, taps: taps, rectifierGradient: rectifierGradient) { logits in
            let s = try seed(logits)
            usedSeed = s.scalars
            return s
        }
        lock.withLock {
            counts.misses += 1
            if cachedLogits == nil {
                input = image
                logits = pass.output
                passes = []
            }
            passes.append((taps, rectifierGradient, usedSeed, pass))
        }
        return pass
    }
}
