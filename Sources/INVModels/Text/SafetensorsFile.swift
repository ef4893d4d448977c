import Foundation
import INVEngine

/// A safetensors file (HuggingFace's format, https://huggingface.co/docs/safetensors): an 8-byte
/// little-endian header length `n`, `n` bytes of JSON mapping each tensor name to
/// `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the end of the header),
/// then the raw little-endian data. An optional `__metadata__` entry holds strings.
///
/// F32, F16, BF16 and I64 tensors are read, all converted to `Float`.
public struct SafetensorsFile: Sendable {
    /// One tensor's header entry.
    public struct Entry: Sendable, Equatable {
        public let dtype: String
        public let shape: [Int]
        /// Byte range inside the data section.
        public let range: Range<Int>
    }

    public let path: String
    public let entries: [String: Entry]
    public let metadata: [String: String]
    private let data: Data
    private let dataStart: Int

    /// Reads the file and validates its header (every tensor's byte range against its shape and dtype).
    public init(contentsOf url: URL) throws {
        let path = url.path
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw SafetensorsError.unreadableFile(path: path, reason: error.localizedDescription)
        }
        try self.init(data: data, path: path)
    }

    /// Parses safetensors bytes; `path` names them in errors.
    public init(data: Data, path: String) throws {
        guard data.count >= 8 else {
            throw SafetensorsError.invalidHeader(path: path, reason: "file has \(data.count) bytes, fewer than the 8-byte header length")
        }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw SafetensorsError.invalidHeader(path: path, reason: "header length \(headerLength) exceeds the file size \(data.count)")
        }
        let start = data.startIndex
        let headerBytes = data[(start + 8)..<(start + 8 + Int(headerLength))]
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: headerBytes) } catch {
            throw SafetensorsError.invalidHeader(path: path, reason: "header is not JSON: \(error.localizedDescription)")
        }
        guard let object = json as? [String: Any] else {
            throw SafetensorsError.invalidHeader(path: path, reason: "header is not a JSON object")
        }
        let dataStart = 8 + Int(headerLength)
        let dataCount = data.count - dataStart
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in object {
            if name == "__metadata__" {
                metadata = (value as? [String: String]) ?? [:]
                continue
            }
            entries[name] = try Self.entry(name, value, dataCount: dataCount, path: path)
        }
        self.path = path
        self.entries = entries
        self.metadata = metadata
        self.data = data
        self.dataStart = dataStart
    }

    private static func entry(_ name: String, _ value: Any, dataCount: Int, path: String) throws -> Entry {
        func invalid(_ reason: String) -> SafetensorsError { .invalidTensor(path: path, tensor: name, reason: reason) }
        guard let fields = value as? [String: Any], let dtype = fields["dtype"] as? String,
              let shape = fields["shape"] as? [Int], let offsets = fields["data_offsets"] as? [Int], offsets.count == 2
        else { throw invalid("expected {dtype, shape, data_offsets: [begin, end]}") }
        guard let width = elementWidth(dtype) else { throw invalid("unsupported dtype \(dtype); supported: F32, F16, BF16, I64") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw invalid("negative dimension in shape \(shape)") }
        let (begin, end) = (offsets[0], offsets[1])
        guard 0 <= begin, begin <= end, end <= dataCount else {
            throw invalid("data_offsets [\(begin), \(end)] outside the data section of \(dataCount) bytes")
        }
        let (bytes, overflow) = shape.reduce(1, *).multipliedReportingOverflow(by: width)
        guard !overflow, end - begin == bytes else {
            throw invalid("\(end - begin) bytes for shape \(shape) of \(dtype), expected \(bytes)")
        }
        return Entry(dtype: dtype, shape: shape, range: begin..<end)
    }

    private static func elementWidth(_ dtype: String) -> Int? {
        switch dtype {
        case "F32": 4
        case "F16", "BF16": 2
        case "I64": 8
        default: nil
        }
    }

    /// The tensor `name` as `Float`s.
    public func tensor(_ name: String) throws -> Tensor {
        guard let entry = entries[name] else { throw SafetensorsError.missingTensor(path: path, tensor: name) }
        let count = entry.shape.reduce(1, *)
        let base = data.startIndex + dataStart + entry.range.lowerBound
        let bytes = data[base..<(base + entry.range.count)]
        var scalars = [Float](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            switch entry.dtype {
            case "F32":
                for i in 0..<count { scalars[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
            case "F16":
                for i in 0..<count {
                    scalars[i] = Float(Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
                }
            case "BF16":
                for i in 0..<count {
                    scalars[i] = Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) << 16)
                }
            default: // I64, validated in `entry`
                for i in 0..<count { scalars[i] = Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
            }
        }
        return Tensor(shape: entry.shape, scalars: scalars)
    }

    /// The tensor `name`, which must have shape `expected`.
    public func tensor(_ name: String, shape expected: [Int]) throws -> Tensor {
        let t = try tensor(name)
        guard t.shape == expected else {
            throw SafetensorsError.unexpectedShape(path: path, tensor: name, expected: expected, actual: t.shape)
        }
        return t
    }
}
