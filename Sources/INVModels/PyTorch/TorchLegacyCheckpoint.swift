import Foundation
import INVEngine

/// Reads a state dict saved by `torch.save` in the **legacy (pre-1.6) serialization**, without torch.
///
/// Layout (PyTorch `torch/serialization.py`, `_legacy_save`): five pickles, then the raw storages.
/// 1. the magic number `0x1950a86a20f9469cfc6c` (a `LONG1`),
/// 2. the protocol version `1001`,
/// 3. system info `{"protocol_version", "little_endian", "type_sizes"}`,
/// 4. the object, whose storages are persistent ids
///    `("storage", torch.FloatStorage, key, location, element_count, view_metadata)` and whose tensors are
///    `torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks)`,
/// 5. the list of storage keys,
///
/// followed, for each key in that list, by the element count (int64) and the elements, little-endian.
/// Tensors may be non-contiguous views (the EfficientNet-Lite checkpoints store their conv weights with
/// channels-last strides); they are materialised as contiguous row-major tensors.
public enum TorchLegacyCheckpoint {
    /// The magic number as the little-endian bytes of the `LONG1` that opens the file.
    static let magicNumber: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]
    static let protocolVersion = 1001

    /// Reads the state dict in the file at `url`.
    /// - Throws: ``TorchCheckpointError`` naming the file and the byte offset of the problem.
    public static func load(contentsOf url: URL) throws -> TorchStateDict {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TorchCheckpointError(source: url.path, offset: nil,
                                       problem: .notLegacyFormat("cannot read the file: \(error.localizedDescription)"))
        }
        return try parse(bytes: [UInt8](data), source: url.path)
    }

    /// Reads a state dict from the bytes of a checkpoint; `source` names it in errors.
    static func parse(bytes: [UInt8], source: String) throws -> TorchStateDict {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw TorchCheckpointError(source: source, offset: 0, problem: .notLegacyFormat(
                "it is a zip archive (the format of torch ≥ 1.6); re-save it with "
                    + "torch.save(obj, path, _use_new_zipfile_serialization=False)"))
        }
        var reader = ByteReader(bytes: bytes, source: source)
        try readHeader(&reader)
        let objectOffset = reader.offset
        let object = try PickleMachine.load(from: &reader)
        let keysOffset = reader.offset
        let keys = try storageKeys(try PickleMachine.load(from: &reader), source: source, offset: keysOffset)

        let rebuilder = TorchTensorRebuilder(source: source, objectOffset: objectOffset)
        let tensors = try rebuilder.namedTensors(in: object)
        let storages = try readStorages(&reader, keys: keys, declared: rebuilder.declaredStorages(of: tensors))
        let entries = try tensors.map { named in
            TorchStateDict.Entry(name: named.name, tensor: try rebuilder.materialise(named, storages: storages),
                                 storageType: named.view.storage.type)
        }
        return try TorchStateDict(entries: entries, source: source)
    }

    /// Checks the magic number, the protocol version and the byte order.
    private static func readHeader(_ reader: inout ByteReader) throws {
        let source = reader.source
        let magic = try PickleMachine.load(from: &reader)
        guard magic == .largeInt(magicNumber) else {
            throw TorchCheckpointError(source: source, offset: 0, problem: .notLegacyFormat(
                "the first pickle is \(magic.summary), not the magic number 0x1950a86a20f9469cfc6c"))
        }
        let versionOffset = reader.offset
        let version = try PickleMachine.load(from: &reader)
        guard version == .int(protocolVersion) else {
            throw TorchCheckpointError(source: source, offset: versionOffset, problem: .notLegacyFormat(
                "protocol version is \(version.summary), expected \(protocolVersion)"))
        }
        let infoOffset = reader.offset
        let info = try PickleMachine.load(from: &reader)
        guard case .dict(let entries) = info,
              let littleEndian = entries.first(where: { $0.key == .string("little_endian") })?.value else {
            throw TorchCheckpointError(source: source, offset: infoOffset, problem: .notLegacyFormat(
                "system info is \(info.summary), expected a dict with 'little_endian'"))
        }
        guard littleEndian == .bool(true) else {
            throw TorchCheckpointError(source: source, offset: infoOffset, problem: .notLegacyFormat(
                "saved on a big-endian machine; only little-endian checkpoints are read"))
        }
    }

    private static func storageKeys(_ value: PickleValue, source: String, offset: Int) throws -> [String] {
        guard let items = value.sequenceItems else {
            throw TorchCheckpointError(source: source, offset: offset, problem: .unexpectedStructure(
                "the storage key list is \(value.summary)"))
        }
        return try items.map { item in
            guard let key = item.stringValue else {
                throw TorchCheckpointError(source: source, offset: offset, problem: .unexpectedStructure(
                    "a storage key is \(item.summary), expected a string"))
            }
            return key
        }
    }

    /// Reads the raw storages that follow the pickles, in the order of `keys`, as Float32.
    private static func readStorages(
        _ reader: inout ByteReader, keys: [String], declared: [String: TorchStorageReference]
    ) throws -> [String: [Float]] {
        var storages: [String: [Float]] = [:]
        for key in keys {
            let headerOffset = reader.offset
            guard let reference = declared[key] else {
                throw TorchCheckpointError(source: reader.source, offset: headerOffset, problem: .storageMismatch(
                    key: key, reason: "listed in the key list but no tensor refers to it, so its type is unknown"))
            }
            let count = try reader.readInt64LE(for: "the element count of storage '\(key)'")
            guard count == reference.elementCount else {
                throw TorchCheckpointError(source: reader.source, offset: headerOffset, problem: .storageMismatch(
                    key: key, reason: "holds \(count) elements, the pickle declares \(reference.elementCount)"))
            }
            let byteCount = count.multipliedReportingOverflow(by: reference.type.elementSize)
            guard !byteCount.overflow else {
                throw TorchCheckpointError(source: reader.source, offset: headerOffset, problem: .storageMismatch(
                    key: key, reason: "element count \(count) is too large"))
            }
            let raw = try reader.readBytes(byteCount.partialValue, for: "storage '\(key)'")
            storages[key] = reference.type.floats(from: raw, count: count)
        }
        for key in declared.keys.sorted() where storages[key] == nil {
            throw TorchCheckpointError(source: reader.source, offset: nil, problem: .storageMismatch(
                key: key, reason: "a tensor refers to it but the key list does not include it"))
        }
        return storages
    }
}
