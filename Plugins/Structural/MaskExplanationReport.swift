import Foundation

/// What `igos.json` / `igos++.json` hold: the parameters' effect and the optimisation trace.
public struct MaskExplanationReport: Codable, Sendable, Equatable {
    public var schema = "invkit.mask-explanation/1"
    public var method: String
    public var target: Int
    public var seed: UInt64
    /// Side of the square low-resolution mask.
    public var maskSize: Int
    public var iterationsRequested: Int
    public var iterationsCompleted: Int
    /// True when the time limit stopped the optimisation before `iterationsRequested`.
    public var partial: Bool
    /// `completed` or `time-limit`.
    public var stopReason: String
    /// Deletion path score at the start of each iteration.
    public var scores: [Float]
    /// Step size taken in each iteration.
    public var steps: [Float]
    /// The final mask `[maskSize²]` row-major (1 = keep, 0 = delete); the heatmap is `1 − mask` upsampled.
    public var mask: [Float]
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case schema, method, target, seed, maskSize = "mask_size", iterationsRequested = "iterations_requested"
        case iterationsCompleted = "iterations_completed", partial, stopReason = "stop_reason", scores, steps, mask, seconds
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
