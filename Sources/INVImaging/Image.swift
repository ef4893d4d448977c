/// An image as planar `Float` samples in the range 0...255.
///
/// Layout is channel-major (CHW), the same as one image of an NCHW tensor: all of channel 0 row by
/// row, then channel 1, … The sample of channel `c` at column `x`, row `y` is
/// `pixels[(c * height + y) * width + x]`. Channels are grey (1), RGB (3) or RGBA (4).
///
/// Values are kept as `Float` so that resizing and blurring do not round between steps; codecs
/// round to the nearest integer and clamp when they write 8-bit files.
///
/// ```swift
/// let grey = try Image(width: 2, height: 1, channels: 1, pixels: [0, 255])
/// grey.rgb().pixels   // [0, 255, 0, 255, 0, 255]
/// ```
public struct Image: Sendable, Equatable {
    /// Number of columns.
    public let width: Int
    /// Number of rows.
    public let height: Int
    /// 1 (grey), 3 (RGB) or 4 (RGBA).
    public let channels: Int
    /// `channels × height × width` samples, channel-major (CHW), nominally in 0...255.
    public let pixels: [Float]

    /// The channel counts an image may have.
    public static let supportedChannelCounts: Set<Int> = [1, 3, 4]

    /// Creates an image from planar CHW samples.
    /// - Throws: ``ImageError/invalidArgument(operation:message:)`` if a size is not positive, the
    ///   channel count is not 1, 3 or 4, or `pixels.count != channels * height * width`.
    public init(width: Int, height: Int, channels: Int, pixels: [Float]) throws {
        let operation = "Image(width:height:channels:pixels:)"
        guard width > 0, height > 0 else {
            throw ImageError.invalidArgument(operation: operation, message: "size \(width) x \(height) is not positive")
        }
        guard Image.supportedChannelCounts.contains(channels) else {
            throw ImageError.invalidArgument(operation: operation, message: "channels is \(channels); expected 1, 3 or 4")
        }
        let (planeSize, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, planeSize <= pixels.count, pixels.count == channels * planeSize else {
            throw ImageError.invalidArgument(
                operation: operation,
                message: "\(channels) channels x \(height) rows x \(width) columns need \(channels)·\(height)·\(width) samples, got \(pixels.count)")
        }
        self.init(checkedWidth: width, height: height, channels: channels, pixels: pixels)
    }

    /// An image filled with one value per channel (`values.count == channels`).
    public init(width: Int, height: Int, filledWith values: [Float]) throws {
        guard width > 0, height > 0, !width.multipliedReportingOverflow(by: height).overflow else {
            throw ImageError.invalidArgument(operation: "Image(width:height:filledWith:)",
                                             message: "size \(width) x \(height) is not positive and representable")
        }
        let pixels = values.flatMap { [Float](repeating: $0, count: width * height) }
        try self.init(width: width, height: height, channels: values.count, pixels: pixels)
    }

    /// Creates an image whose arguments the caller has already validated.
    init(checkedWidth width: Int, height: Int, channels: Int, pixels: [Float]) {
        assert(pixels.count == channels * height * width && width > 0 && height > 0)
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// Number of samples in one channel (`width * height`).
    public var planeSize: Int { width * height }

    /// Whether the last channel is alpha (RGBA).
    public var hasAlpha: Bool { channels == 4 }

    /// The sample of `channel` at column `x`, row `y`.
    public subscript(channel: Int, y: Int, x: Int) -> Float {
        pixels[(channel * height + y) * width + x]
    }

    /// The `width * height` samples of one channel, row-major.
    public func plane(_ channel: Int) -> ArraySlice<Float> {
        pixels[(channel * planeSize)..<((channel + 1) * planeSize)]
    }
}

extension Image: CustomStringConvertible {
    public var description: String {
        let kind = switch channels {
        case 1: "grey"
        case 3: "RGB"
        default: "RGBA"
        }
        return "Image(\(width) x \(height), \(kind))"
    }
}
