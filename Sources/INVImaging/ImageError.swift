/// What went wrong reading, writing or transforming an image. Every case names the file (or the
/// operation) and says what was expected.
public enum ImageError: Error, Equatable, Sendable {
    /// No file at `path`.
    case fileNotFound(path: String)
    /// The file exists but could not be read or written.
    case fileUnreadable(path: String, reason: String)
    /// The data is neither PNG nor JPEG; `leadingBytes` shows the first bytes in hex.
    case unknownFormat(name: String, leadingBytes: String)
    /// libpng or libjpeg rejected the data; `message` is the library's own text.
    case corruptData(name: String, format: ImageFormat, message: String)
    /// The codec failed to write an image; `message` is the library's own text.
    case encodingFailed(format: ImageFormat, message: String)
    /// An argument outside its domain (sizes, channel counts, σ, …).
    case invalidArgument(operation: String, message: String)
}

extension ImageError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "\(path): no such file"
        case .fileUnreadable(let path, let reason):
            "\(path): cannot access file: \(reason)"
        case .unknownFormat(let name, let leadingBytes):
            "\(name): unknown image format (expected a PNG or JPEG signature, found bytes \(leadingBytes))"
        case .corruptData(let name, let format, let message):
            "\(name): corrupt or truncated \(format.rawValue) data: \(message)"
        case .encodingFailed(let format, let message):
            "cannot encode \(format.rawValue): \(message)"
        case .invalidArgument(let operation, let message):
            "\(operation): \(message)"
        }
    }
}
