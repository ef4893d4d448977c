import Foundation

/// A file format INVImaging reads and writes.
public enum ImageFormat: String, Sendable, Equatable, CaseIterable {
    case png = "PNG"
    case jpeg = "JPEG"

    /// The format whose signature starts `data`: PNG `89 50 4E 47 0D 0A 1A 0A`, JPEG `FF D8 FF`.
    public init?(detecting data: Data) {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF]
        if data.starts(with: png) {
            self = .png
        } else if data.starts(with: jpeg) {
            self = .jpeg
        } else {
            return nil
        }
    }

    /// The format a file name's extension names (`.png`; `.jpg`, `.jpeg`), case-insensitively.
    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "png": self = .png
        case "jpg", "jpeg": self = .jpeg
        default: return nil
        }
    }
}

/// How to encode an image.
public enum ImageEncoding: Sendable, Equatable {
    /// Lossless 8-bit PNG with the image's channels (grey, RGB or RGBA).
    case png
    /// Baseline JPEG at `quality` 1...100 (libjpeg's scale; 75 is its default, 90–95 is close to
    /// transparent). Grey stays grey; RGBA loses its alpha (see ``Image/rgb()``).
    case jpeg(quality: Int)

    /// The format this encoding writes.
    public var format: ImageFormat {
        switch self {
        case .png: .png
        case .jpeg: .jpeg
        }
    }
}

/// Decoded files larger than this many pixels are refused before pixel memory is allocated
/// (protection against decompression bombs; 2^28 ≈ 268 megapixels).
let maximumDecodedPixelCount: UInt64 = 1 << 28
