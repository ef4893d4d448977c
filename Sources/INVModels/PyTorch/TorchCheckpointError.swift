/// Why a PyTorch checkpoint could not be read: names the file, the byte offset where known, and what
/// was expected there.
public struct TorchCheckpointError: Error, CustomStringConvertible, Equatable {
    /// The problem found.
    public enum Problem: Equatable, Sendable {
        /// The file ends (or a length field points) past the end while reading `reading`.
        case truncated(needed: UInt64, available: Int, reading: String)
        /// A pickle opcode the reader does not execute; `name` is Python's name for it, if it has one.
        case unsupportedOpcode(byte: UInt8, name: String?)
        /// A pickle opcode met a stack, memo or argument it cannot work with.
        case malformedPickle(opcode: String, reason: String)
        /// The file is not in the legacy (pre-1.6) format, e.g. it is the newer zip format.
        case notLegacyFormat(String)
        /// The pickled objects are not what a state dict of tensors consists of.
        case unexpectedStructure(String)
        /// A storage class that has no Float32 conversion here.
        case unsupportedStorageType(String)
        /// The raw storage section disagrees with the storages the pickle refers to.
        case storageMismatch(key: String, reason: String)
        /// A tensor's offset, sizes and strides reach outside its storage.
        case tensorOutOfBounds(name: String, reason: String)
    }

    /// The file being read.
    public let source: String
    /// Byte offset in the file where the problem was found, when it is tied to one.
    public let offset: Int?
    public let problem: Problem

    public init(source: String, offset: Int?, problem: Problem) {
        self.source = source
        self.offset = offset
        self.problem = problem
    }

    public var description: String {
        let location = offset.map { "\(source): byte \($0)" } ?? source
        switch problem {
        case .truncated(let needed, let available, let reading):
            return "\(location): truncated while reading \(reading): needs \(needed) bytes, \(available) left"
        case .unsupportedOpcode(let byte, let name):
            let hex = "0x" + String(byte, radix: 16, uppercase: true)
            let label = name.map { "\($0) (\(hex))" } ?? "\(hex), not a pickle opcode"
            return "\(location): unsupported pickle opcode \(label)"
        case .malformedPickle(let opcode, let reason):
            return "\(location): malformed pickle at \(opcode): \(reason)"
        case .notLegacyFormat(let reason):
            return "\(location): not a legacy (pre-1.6) PyTorch checkpoint: \(reason)"
        case .unexpectedStructure(let reason):
            return "\(location): unexpected checkpoint structure: \(reason)"
        case .unsupportedStorageType(let type):
            return "\(location): unsupported storage type \(type); supported: "
                + TorchStorageType.allCases.map(\.className).joined(separator: ", ")
        case .storageMismatch(let key, let reason):
            return "\(location): storage '\(key)': \(reason)"
        case .tensorOutOfBounds(let name, let reason):
            return "\(location): tensor '\(name)' reaches outside its storage: \(reason)"
        }
    }
}
