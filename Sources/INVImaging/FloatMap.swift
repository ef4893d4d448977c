/// A single-channel 2-D map of `Float` values — a heatmap, saliency map or mask — row-major
/// (`values[y * width + x]`), with no fixed value range.
///
/// ```swift
/// let cam = try FloatMap(width: 7, height: 7, values: camValues)
/// let full = try cam.resized(width: 224, height: 224)   // bilinear, half-pixel centres
/// ```
public struct FloatMap: Sendable, Equatable {
    /// Number of columns.
    public let width: Int
    /// Number of rows.
    public let height: Int
    /// `height × width` values, row-major.
    public let values: [Float]

    /// Creates a map; `values.count` must be `width * height`.
    /// - Throws: ``ImageError/invalidArgument(operation:message:)`` otherwise, or if a size is not positive.
    public init(width: Int, height: Int, values: [Float]) throws {
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard width > 0, height > 0, !overflow, values.count == count else {
            throw ImageError.invalidArgument(
                operation: "FloatMap(width:height:values:)",
                message: "a \(height) x \(width) map needs a positive size and that many values, got \(values.count) values")
        }
        self.init(checkedWidth: width, height: height, values: values)
    }

    init(checkedWidth width: Int, height: Int, values: [Float]) {
        assert(values.count == width * height && width > 0 && height > 0)
        self.width = width
        self.height = height
        self.values = values
    }

    /// The value at column `x`, row `y`.
    public subscript(y: Int, x: Int) -> Float { values[y * width + x] }

    /// The map rescaled linearly to 0...1, `(v − min) / (max − min)`. A constant map becomes all
    /// zeros. NaN values stay NaN.
    public func rescaledToUnitInterval() -> FloatMap {
        let finite = values.filter { $0.isFinite }
        guard let low = finite.min(), let high = finite.max(), high > low else {
            return FloatMap(checkedWidth: width, height: height, values: values.map { $0.isNaN ? $0 : 0 })
        }
        let range = high - low
        return FloatMap(checkedWidth: width, height: height, values: values.map { ($0 - low) / range })
    }

    /// The map resampled to `width × height` (see ``ResampleFilter``). Enlarging with `.bilinear`
    /// (the default) is bilinear interpolation with half-pixel centres: output pixel `i` samples
    /// input coordinate `(i + 0.5) · in / out − 0.5`, clamped to the edge pixels — the alignment of
    /// OpenCV `cv2.resize(INTER_LINEAR)`, PyTorch `interpolate(align_corners=False)` and PIL.
    /// Shrinking is antialiased like ``Image/resized(width:height:filter:)``. Values are not clamped.
    public func resized(width newWidth: Int, height newHeight: Int, filter: ResampleFilter = .bilinear) throws -> FloatMap {
        guard newWidth > 0, newHeight > 0 else {
            throw ImageError.invalidArgument(operation: "FloatMap.resized(width:height:)",
                                             message: "target size \(newWidth) x \(newHeight) is not positive")
        }
        let out = Resampler.resample(values, planes: 1, width: width, height: height,
                                     newWidth: newWidth, newHeight: newHeight, filter: filter)
        return FloatMap(checkedWidth: newWidth, height: newHeight, values: out)
    }
}
