import Foundation

extension Image {
    /// Reads and decodes a PNG or JPEG file (detected by its signature, not its extension).
    /// - Throws: ``ImageError/fileNotFound(path:)``, ``ImageError/fileUnreadable(path:reason:)``,
    ///   ``ImageError/unknownFormat(name:leadingBytes:)`` or ``ImageError/corruptData(name:format:message:)``
    ///   naming the file.
    public init(contentsOf url: URL) throws {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw ImageError.fileNotFound(path: path) }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ImageError.fileUnreadable(path: path, reason: error.localizedDescription)
        }
        self = try Image.decode(data, name: path)
    }

    /// Decodes PNG or JPEG `data`, detected by its signature.
    ///
    /// - PNG (libpng), 1/2/4/8/16-bit, interlaced or not: grey → 1 channel; grey+alpha or grey
    ///   with a tRNS key → RGBA; RGB → 3; RGBA → 4; palette → RGB, or RGBA with tRNS. 16-bit
    ///   samples are scaled by 1/257 to 0...255 without rounding. Gamma and ICC chunks are ignored.
    /// - JPEG (libjpeg-turbo), baseline or progressive: grey → 1 channel; YCbCr/RGB → 3;
    ///   CMYK/YCCK → RGB as `(255 − C)(255 − K) / 255` (Pillow's conversion). A truncated file is
    ///   an error; bytes after the end-of-image marker are ignored; EXIF orientation is not applied.
    /// - Parameter name: what to call the data in errors (usually the file name).
    public static func decode(_ data: Data, name: String) throws -> Image {
        switch ImageFormat(detecting: data) {
        case .png: try PNGCodec.decode(data, name: name)
        case .jpeg: try JPEGCodec.decode(data, name: name)
        case nil:
            throw ImageError.unknownFormat(
                name: name, leadingBytes: data.prefix(8).map { String(format: "%02X", $0) }.joined(separator: " "))
        }
    }

    /// The image encoded as PNG or JPEG bytes. Samples are rounded to the nearest integer and
    /// clamped to 0...255.
    public func encoded(_ encoding: ImageEncoding) throws -> Data {
        switch encoding {
        case .png: try PNGCodec.encode(self)
        case .jpeg(let quality): try JPEGCodec.encode(self, quality: quality)
        }
    }

    /// Encodes the image and writes it to `url`. Without an explicit `encoding` the file extension
    /// decides: `.png` → PNG, `.jpg`/`.jpeg` → JPEG at quality 95.
    public func write(to url: URL, encoding: ImageEncoding? = nil) throws {
        guard let encoding = encoding ?? Image.defaultEncoding(for: url) else {
            throw ImageError.invalidArgument(
                operation: "Image.write(to:)",
                message: "\(url.path): cannot tell the format from extension '\(url.pathExtension)'; use .png, .jpg or .jpeg")
        }
        let data = try encoded(encoding)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ImageError.fileUnreadable(path: url.path, reason: error.localizedDescription)
        }
    }

    private static func defaultEncoding(for url: URL) -> ImageEncoding? {
        switch ImageFormat(pathExtension: url.pathExtension) {
        case .png: .png
        case .jpeg: .jpeg(quality: 95)
        case nil: nil
        }
    }
}
