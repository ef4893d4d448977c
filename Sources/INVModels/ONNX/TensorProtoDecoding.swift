import Foundation
import INVEngine
import SwiftProtobuf

/// Decoding of `onnx.TensorProto` (onnx.proto, "Tensors") into ``ONNXTensor``.
///
/// Values come from exactly one of: `raw_data` (little-endian, packed), the typed repeated field of
/// the element type (`float_data`, `int32_data` — which also carries INT8/16, UINT8/16, BOOL and the
/// bit patterns of FLOAT16/BFLOAT16 —, `int64_data`, `double_data`, `uint64_data` for UINT32/64), or
/// an external file (`data_location = EXTERNAL`, keys `location`, `offset`, `length`; the location
/// is relative to the model's directory).
extension ONNXTensor {
    /// Decodes a tensor; `baseDirectory` resolves external data (nil: external data is an error).
    public init(proto: Onnx_TensorProto, baseDirectory: URL?) throws {
        let name = proto.name.isEmpty ? "<unnamed>" : proto.name
        guard let type = DataType(rawValue: proto.dataType) else {
            throw ONNXError.invalidTensor(name: name, reason: "element type \(Self.typeName(proto.dataType)) is not supported "
                + "(supported: \(DataType.allCases.map(\.description).joined(separator: ", ")))")
        }
        guard proto.dims.allSatisfy({ $0 >= 0 }) else {
            throw ONNXError.invalidTensor(name: name, reason: "negative extent in dims \(proto.dims)")
        }
        let shape = proto.dims.map { Int($0) }
        let count = shape.elementCount
        if proto.hasSegment {
            throw ONNXError.invalidTensor(name: name, reason: "segmented tensors are not supported")
        }

        let raw: Data?
        if proto.dataLocation == .external {
            raw = try Self.externalData(proto, name: name, baseDirectory: baseDirectory)
        } else if proto.hasRawData {
            raw = proto.rawData
        } else {
            raw = nil
        }

        if let raw {
            let width = Self.byteWidth(type)
            guard raw.count == count * width else {
                throw ONNXError.invalidTensor(name: name, reason: "raw data holds \(raw.count) bytes, \(type) \(shape) needs \(count * width)")
            }
            self = try Self.fromRaw(raw, type: type, shape: shape)
            return
        }

        let typedCount = Self.typedFieldCount(proto, type)
        guard typedCount == count else {
            throw ONNXError.invalidTensor(name: name, reason: "holds \(typedCount) values in its typed field, \(type) \(shape) needs \(count)")
        }
        switch type {
        case .float: self.init(Tensor(shape: shape, scalars: proto.floatData))
        case .double: self.init(Tensor(shape: shape, scalars: proto.doubleData.map { Float($0) }), dataType: .double)
        case .float16:
            self.init(Tensor(shape: shape, scalars: proto.int32Data.map { Self.halfToFloat(UInt16(truncatingIfNeeded: $0)) }), dataType: .float16)
        case .bfloat16:
            self.init(Tensor(shape: shape, scalars: proto.int32Data.map { Self.bfloatToFloat(UInt16(truncatingIfNeeded: $0)) }), dataType: .bfloat16)
        case .int64: self.init(integers: proto.int64Data, shape: shape, dataType: type)
        case .uint32, .uint64: self.init(integers: proto.uint64Data.map { Int64(truncatingIfNeeded: $0) }, shape: shape, dataType: type)
        case .int32, .int16, .int8, .uint16, .uint8, .bool:
            self.init(integers: proto.int32Data.map { Int64($0) }, shape: shape, dataType: type)
        }
    }

    /// Reads a serialized `TensorProto` file (the `input_0.pb` / `output_0.pb` files of ONNX test data).
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ONNXError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        let proto: Onnx_TensorProto
        do { proto = try Onnx_TensorProto(serializedBytes: data) } catch {
            throw ONNXError.invalidTensor(name: url.path, reason: "not a serialized onnx.TensorProto (\(error))")
        }
        try self.init(proto: proto, baseDirectory: url.deletingLastPathComponent())
    }

    private static func byteWidth(_ type: DataType) -> Int {
        switch type {
        case .uint8, .int8, .bool: 1
        case .uint16, .int16, .float16, .bfloat16: 2
        case .float, .int32, .uint32: 4
        case .int64, .uint64, .double: 8
        }
    }

    private static func typedFieldCount(_ p: Onnx_TensorProto, _ type: DataType) -> Int {
        switch type {
        case .float: p.floatData.count
        case .double: p.doubleData.count
        case .int64: p.int64Data.count
        case .uint32, .uint64: p.uint64Data.count
        case .int32, .int16, .int8, .uint16, .uint8, .bool, .float16, .bfloat16: p.int32Data.count
        }
    }

    /// Little-endian packed values (onnx.proto: "raw_data … stored in little-endian order").
    private static func fromRaw(_ raw: Data, type: DataType, shape: [Int]) throws -> ONNXTensor {
        let count = shape.elementCount
        func load<T: FixedWidthInteger>(_: T.Type) -> [T] {
            raw.withUnsafeBytes { bytes in
                (0..<count).map { T(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
            }
        }
        switch type {
        case .float: return ONNXTensor(Tensor(shape: shape, scalars: load(UInt32.self).map(Float.init(bitPattern:))))
        case .double:
            return ONNXTensor(Tensor(shape: shape, scalars: load(UInt64.self).map { Float(Double(bitPattern: $0)) }), dataType: .double)
        case .float16: return ONNXTensor(Tensor(shape: shape, scalars: load(UInt16.self).map(halfToFloat)), dataType: .float16)
        case .bfloat16: return ONNXTensor(Tensor(shape: shape, scalars: load(UInt16.self).map(bfloatToFloat)), dataType: .bfloat16)
        case .uint8, .bool: return ONNXTensor(integers: load(UInt8.self).map(Int64.init), shape: shape, dataType: type)
        case .int8: return ONNXTensor(integers: load(Int8.self).map(Int64.init), shape: shape, dataType: type)
        case .uint16: return ONNXTensor(integers: load(UInt16.self).map(Int64.init), shape: shape, dataType: type)
        case .int16: return ONNXTensor(integers: load(Int16.self).map(Int64.init), shape: shape, dataType: type)
        case .int32: return ONNXTensor(integers: load(Int32.self).map(Int64.init), shape: shape, dataType: type)
        case .uint32: return ONNXTensor(integers: load(UInt32.self).map(Int64.init), shape: shape, dataType: type)
        case .int64: return ONNXTensor(integers: load(Int64.self), shape: shape, dataType: type)
        case .uint64: return ONNXTensor(integers: load(UInt64.self).map { Int64(truncatingIfNeeded: $0) }, shape: shape, dataType: type)
        }
    }

    /// Reads `length` bytes at `offset` of the file `location` next to the model.
    private static func externalData(_ proto: Onnx_TensorProto, name: String, baseDirectory: URL?) throws -> Data {
        let entries = Dictionary(proto.externalData.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        guard let location = entries["location"], !location.isEmpty else {
            throw ONNXError.invalidTensor(name: name, reason: "external data without a 'location' entry")
        }
        guard let baseDirectory else {
            throw ONNXError.invalidTensor(name: name, reason: "external data '\(location)' but no model directory to resolve it against")
        }
        let url = baseDirectory.appendingPathComponent(location)
        let offset = try entries["offset"].map { try parseCount($0, key: "offset", name: name) } ?? 0
        let length = try entries["length"].map { try parseCount($0, key: "length", name: name) }
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw ONNXError.invalidTensor(name: name, reason: "cannot open external data file '\(url.path)': \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: UInt64(offset))
            let data = try (length.map { try handle.read(upToCount: $0) } ?? handle.readToEnd()) ?? Data()
            if let length, data.count != length {
                throw ONNXError.invalidTensor(name: name, reason: "external data file '\(url.path)' has \(data.count) bytes at offset \(offset), expected \(length)")
            }
            return data
        } catch let error as ONNXError {
            throw error
        } catch {
            throw ONNXError.invalidTensor(name: name, reason: "cannot read external data file '\(url.path)': \(error.localizedDescription)")
        }
    }

    private static func parseCount(_ text: String, key: String, name: String) throws -> Int {
        guard let value = Int(text), value >= 0 else {
            throw ONNXError.invalidTensor(name: name, reason: "external data '\(key)' is '\(text)', expected a non-negative integer")
        }
        return value
    }

    /// IEEE 754 half precision to single (exact).
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign = UInt32(bits >> 15) << 31
        let exponent = Int((bits >> 10) & 0x1F), mantissa = UInt32(bits & 0x3FF)
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
        if exponent == 0 {
            // Zero or subnormal: mantissa · 2⁻²⁴.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        }
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
    }

    /// bfloat16 is the upper half of a Float32.
    static func bfloatToFloat(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

    static func typeName(_ raw: Int32) -> String {
        if let known = DataType(rawValue: raw) { return known.description }
        let others: [Int32: String] = [0: "UNDEFINED", 8: "STRING", 14: "COMPLEX64", 15: "COMPLEX128", 17: "FLOAT8E4M3FN",
                                       18: "FLOAT8E4M3FNUZ", 19: "FLOAT8E5M2", 20: "FLOAT8E5M2FNUZ", 21: "UINT4", 22: "INT4"]
        return others[raw] ?? "type \(raw)"
    }
}
