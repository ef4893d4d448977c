import INVEngine

/// The tensors of a PyTorch `state_dict`, in the order the checkpoint lists them, converted to
/// contiguous row-major Float32 ``Tensor``s (integer buffers such as `num_batches_tracked` too).
///
/// ```swift
/// let weights = try TorchLegacyCheckpoint.load(contentsOf: url)
/// let stem = try weights.tensor("_conv_stem.weight", shape: [32, 3, 3, 3])
/// ```
public struct TorchStateDict: Sendable {
    /// One named tensor and the storage type it was saved with.
    public struct Entry: Sendable {
        public let name: String
        public let tensor: Tensor
        public let storageType: TorchStorageType
    }

    /// The entries in file order.
    public let entries: [Entry]
    private let indexByName: [String: Int]

    /// Fails when a name occurs twice.
    init(entries: [Entry], source: String) throws {
        var index: [String: Int] = [:]
        for (position, entry) in entries.enumerated() {
            guard index.updateValue(position, forKey: entry.name) == nil else {
                throw TorchCheckpointError(source: source, offset: nil,
                                           problem: .unexpectedStructure("the name '\(entry.name)' occurs twice"))
            }
        }
        self.entries = entries
        self.indexByName = index
    }

    /// The names in file order.
    public var names: [String] { entries.map(\.name) }

    /// The tensor called `name`, if any.
    public subscript(name: String) -> Tensor? {
        indexByName[name].map { entries[$0].tensor }
    }

    /// The tensor called `name`, which must have `shape`.
    /// - Throws: ``StateDictError`` naming the key when it is missing or has another shape.
    public func tensor(_ name: String, shape: [Int]) throws -> Tensor {
        let tensor = try tensor(name)
        guard tensor.shape == shape else { throw StateDictError.wrongShape(name, expected: shape, found: tensor.shape) }
        return tensor
    }

    /// The tensor called `name`.
    /// - Throws: ``StateDictError/missingKey(_:similar:)`` listing keys with the nearest prefix.
    public func tensor(_ name: String) throws -> Tensor {
        guard let tensor = self[name] else { throw StateDictError.missingKey(name, similar: keys(nearestTo: name)) }
        return tensor
    }

    /// Up to five keys under the longest dotted prefix of `name` that any key shares.
    private func keys(nearestTo name: String) -> [String] {
        var components = name.split(separator: ".")
        while !components.isEmpty {
            components.removeLast()
            let prefix = components.joined(separator: ".") + "."
            let matches = names.filter { $0.hasPrefix(prefix) }
            if !matches.isEmpty { return Array(matches.prefix(5)) }
        }
        return Array(names.prefix(5))
    }
}

/// A state dict that does not fit the network being built from it.
public enum StateDictError: Error, CustomStringConvertible, Equatable {
    /// The key is absent; `similar` lists a few present keys with the same first component.
    case missingKey(String, similar: [String])
    case wrongShape(String, expected: [Int], found: [Int])
    /// The network derived from the keys disagrees with the architecture's known structure.
    case architectureMismatch(String)

    public var description: String {
        switch self {
        case .missingKey(let key, let similar):
            let hint = similar.isEmpty ? "" : "; keys with the same prefix: " + similar.joined(separator: ", ")
            return "state dict has no key '\(key)'\(hint)"
        case .wrongShape(let key, let expected, let found):
            return "state dict key '\(key)' has shape \(found), expected \(expected)"
        case .architectureMismatch(let reason):
            return "state dict does not match the architecture: \(reason)"
        }
    }
}
