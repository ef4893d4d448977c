import Foundation
import INVCore
import INVEngine

/// `score-cam`: Wang et al. 2020 (Score-CAM, Eq. 5–6) — forward only. Each feature map, min-max
/// normalised to [0, 1] and upsampled to the input, masks the image; the target logit of the
/// masked image is the map's score, and the weights are the softmax of the scores over channels
/// (as pytorch-grad-cam's `ScoreCAM`). The model runs in batches inside `scoreMaskedInputs`.
///
/// Normalisation happens at the layer's resolution, before the bilinear upsampling (which
/// preserves the [0, 1] range); pytorch-grad-cam normalises after upsampling.
public struct ScoreCAMWeighting: ChannelWeighting {
    public typealias Parameters = NoParameters
    public static let name = "score-cam"
    public static let summary = "Score-CAM (Wang et al. 2020): softmax over channels of the target logit on each map-masked image."
    public init(parameters: Parameters) {}

    public func weights(_ context: WeightingContext) throws -> [Float] {
        guard let score = context.scoreMaskedInputs else { throw WeightingError.needsModel(Self.name) }
        let n = context.pixelsPerMap
        var masks = context.activations
        masks.scalars.withUnsafeMutableBufferPointer { m in
            for k in 0..<context.channels {
                let range = (k * n)..<((k + 1) * n)
                let lo = m[range].min() ?? 0, hi = m[range].max() ?? 0
                for i in range { m[i] = hi > lo ? (m[i] - lo) / (hi - lo) : 0 }
            }
        }
        let scores = try score(masks)
        guard scores.count == context.channels else {
            throw WeightingError.scoreCount(expected: context.channels, got: scores.count)
        }
        let top = scores.max() ?? 0
        let exps = scores.map { Foundation.exp($0 - top) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }
}

public enum WeightingError: Error, CustomStringConvertible, Equatable {
    case needsModel(String)
    case scoreCount(expected: Int, got: Int)
    public var description: String {
        switch self {
        case .needsModel(let name): "weighting '\(name)' runs the model on masked inputs, but no model was provided"
        case .scoreCount(let expected, let got): "the masked-input scorer returned \(got) scores for \(expected) masks"
        }
    }
}
