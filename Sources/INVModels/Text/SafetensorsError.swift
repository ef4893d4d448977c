/// Why a safetensors file or one of its tensors could not be read. Every case names the file.
public enum SafetensorsError: Error, CustomStringConvertible, Equatable {
    /// The file cannot be opened.
    case unreadableFile(path: String, reason: String)
    /// The 8-byte length or the JSON header is malformed.
    case invalidHeader(path: String, reason: String)
    /// One tensor's header entry is malformed (bad dtype, offsets that do not match its shape, …).
    case invalidTensor(path: String, tensor: String, reason: String)
    /// The file has no tensor of this name.
    case missingTensor(path: String, tensor: String)
    /// The tensor's shape is not the one the model expects.
    case unexpectedShape(path: String, tensor: String, expected: [Int], actual: [Int])

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read the safetensors file: \(reason)"
        case .invalidHeader(let path, let reason):
            return "\(path): invalid safetensors header: \(reason)"
        case .invalidTensor(let path, let tensor, let reason):
            return "\(path): tensor '\(tensor)': \(reason)"
        case .missingTensor(let path, let tensor):
            return "\(path): no tensor '\(tensor)'"
        case .unexpectedShape(let path, let tensor, let expected, let actual):
            return "\(path): tensor '\(tensor)' has shape \(actual), expected \(expected)"
        }
    }
}
