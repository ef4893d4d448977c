/// A saliency map at the model's input resolution: one `Float` per input pixel, row-major
/// `[height, width]` (`values[y * width + x]`), higher = more relevant to the target class.
///
/// Every ``Explainer`` returns one, with the seconds it spent (the `runtime` metric reads them).
public struct Heatmap: Sendable, Equatable, Codable {
    public var height: Int
    public var width: Int
    /// `height × width` values, row-major.
    public var values: [Float]
    /// Wall-clock seconds the explainer spent on this map (model calls included).
    public var seconds: Double

    /// - Throws: ``HeatmapError/size(height:width:count:)`` when `values.count ≠ height × width`.
    public init(height: Int, width: Int, values: [Float], seconds: Double = 0) throws {
        guard height > 0, width > 0, values.count == height * width else {
            throw HeatmapError.size(height: height, width: width, count: values.count)
        }
        self.height = height
        self.width = width
        self.values = values
        self.seconds = seconds
    }

    public var pixelCount: Int { height * width }

    /// The map rescaled to [0, 1] by `(v − min) / (max − min)` (pytorch-grad-cam's `scale_cam_image`,
    /// which divides by `1e-7 + max` after subtracting the minimum). A constant map becomes zeros.
    public func minMaxNormalized() -> Heatmap {
        var copy = self
        let lo = values.min() ?? 0, hi = values.max() ?? 0
        copy.values = values.map { hi > lo ? ($0 - lo) / (hi - lo) : 0 }
        return copy
    }
}

public enum HeatmapError: Error, CustomStringConvertible, Equatable {
    case size(height: Int, width: Int, count: Int)
    case shape(expected: [Int], got: [Int])

    public var description: String {
        switch self {
        case .size(let h, let w, let n): "a heatmap of \(h) × \(w) pixels needs \(h * w) values, got \(n)"
        case .shape(let expected, let got): "heatmap and image disagree: expected a [\(expected.map(String.init).joined(separator: ", "))] heatmap, got [\(got.map(String.init).joined(separator: ", "))]"
        }
    }
}
