/// The typed storage classes a legacy PyTorch checkpoint names (`torch.FloatStorage`, …), with their
/// element sizes and a conversion of their little-endian bytes to Float32.
public enum TorchStorageType: String, CaseIterable, Sendable {
    case float32 = "FloatStorage"
    case float64 = "DoubleStorage"
    case float16 = "HalfStorage"
    case bfloat16 = "BFloat16Storage"
    case int64 = "LongStorage"
    case int32 = "IntStorage"
    case int16 = "ShortStorage"
    case int8 = "CharStorage"
    case uint8 = "ByteStorage"
    case bool = "BoolStorage"

    /// The Python class name, e.g. `torch.FloatStorage`.
    public var className: String { "torch.\(rawValue)" }

    /// Bytes per element. `LongStorage` is 8 bytes whatever C `long` was on the saving machine
    /// (PyTorch ignores the `type_sizes` it records).
    public var elementSize: Int {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32: 4
        case .float16, .bfloat16, .int16: 2
        case .int8, .uint8, .bool: 1
        }
    }

    /// Converts `count` little-endian elements starting at `bytes.startIndex` to Float32
    /// (integers beyond 2^24 and float64 values are rounded to the nearest Float).
    func floats(from bytes: ArraySlice<UInt8>, count: Int) -> [Float] {
        precondition(bytes.count >= count * elementSize, "caller checks the storage length")
        switch self {
        case .float32: return Self.decode(bytes, count: count) { Float(bitPattern: UInt32(littleEndian: $0)) }
        case .float64: return Self.decode(bytes, count: count) { Float(Double(bitPattern: UInt64(littleEndian: $0))) }
        case .float16: return Self.decode(bytes, count: count) { Self.floatFromHalf(UInt16(littleEndian: $0)) }
        case .bfloat16: return Self.decode(bytes, count: count) { (bits: UInt16) in Float(bitPattern: UInt32(UInt16(littleEndian: bits)) << 16) }
        case .int64: return Self.decode(bytes, count: count) { Float(Int64(littleEndian: $0)) }
        case .int32: return Self.decode(bytes, count: count) { Float(Int32(littleEndian: $0)) }
        case .int16: return Self.decode(bytes, count: count) { Float(Int16(littleEndian: $0)) }
        case .int8: return Self.decode(bytes, count: count) { (value: Int8) in Float(value) }
        case .uint8: return Self.decode(bytes, count: count) { (value: UInt8) in Float(value) }
        case .bool: return Self.decode(bytes, count: count) { (value: UInt8) in value == 0 ? 0 : 1 }
        }
    }

    private static func decode<Element: FixedWidthInteger>(
        _ bytes: ArraySlice<UInt8>, count: Int, _ convert: (Element) -> Float
    ) -> [Float] {
        bytes.withUnsafeBytes { raw in
            [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count {
                    buffer[index] = convert(raw.loadUnaligned(fromByteOffset: index * MemoryLayout<Element>.size, as: Element.self))
                }
                initialized = count
            }
        }
    }

    /// IEEE 754 binary16 → binary32, exact (subnormals, infinities and NaN included).
    static func floatFromHalf(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Float(bits & 0x03FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
