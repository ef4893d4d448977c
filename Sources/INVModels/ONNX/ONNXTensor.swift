import INVEngine

/// A tensor known when the model is loaded: an initializer, a `Constant`, a graph input bound to a
/// value, or the result of constant folding (shape arithmetic).
///
/// The engine computes in Float32, so every numeric type is available as ``floats``. Integer and
/// boolean tensors also keep their exact values in ``integers``: shapes, axes and indices are read
/// from there, and shape arithmetic is folded on them without rounding (an `INT64_MAX` slice end
/// stays exact).
public struct ONNXTensor: Sendable, Equatable {
    /// The ONNX element types INVKit reads (`TensorProto.DataType`, onnx.proto).
    public enum DataType: Int32, Sendable, CaseIterable, CustomStringConvertible {
        case float = 1, uint8 = 2, int8 = 3, uint16 = 4, int16 = 5, int32 = 6, int64 = 7
        case bool = 9, float16 = 10, double = 11, uint32 = 12, uint64 = 13, bfloat16 = 16

        /// ONNX's name for the type, as in error messages of ONNX tools.
        public var description: String {
            switch self {
            case .float: "FLOAT"
            case .uint8: "UINT8"
            case .int8: "INT8"
            case .uint16: "UINT16"
            case .int16: "INT16"
            case .int32: "INT32"
            case .int64: "INT64"
            case .bool: "BOOL"
            case .float16: "FLOAT16"
            case .double: "DOUBLE"
            case .uint32: "UINT32"
            case .uint64: "UINT64"
            case .bfloat16: "BFLOAT16"
            }
        }

        /// True for the floating-point types (their values live only in ``ONNXTensor/floats``).
        public var isFloatingPoint: Bool { self == .float || self == .double || self == .float16 || self == .bfloat16 }

        /// Wraps an integer to this type's range, as a C cast would (two's complement); bools become 0/1.
        func wrapped(_ v: Int64) -> Int64 {
            switch self {
            case .uint8: Int64(UInt8(truncatingIfNeeded: v))
            case .int8: Int64(Int8(truncatingIfNeeded: v))
            case .uint16: Int64(UInt16(truncatingIfNeeded: v))
            case .int16: Int64(Int16(truncatingIfNeeded: v))
            case .int32: Int64(Int32(truncatingIfNeeded: v))
            case .uint32: Int64(UInt32(truncatingIfNeeded: v))
            case .bool: v != 0 ? 1 : 0
            case .int64, .uint64, .float, .double, .float16, .bfloat16: v
            }
        }
    }

    public var dataType: DataType
    /// The values as Float32, shaped.
    public var floats: Tensor
    /// The exact values of an integer or boolean tensor (row-major), nil for floating-point types.
    public var integers: [Int64]?

    public var shape: [Int] { floats.shape }

    /// A floating-point tensor.
    public init(_ floats: Tensor, dataType: DataType = .float) {
        self.dataType = dataType
        self.floats = floats
        self.integers = nil
    }

    /// An integer or boolean tensor; values are wrapped to `dataType`'s range.
    public init(integers: [Int64], shape: [Int], dataType: DataType = .int64) {
        precondition(!dataType.isFloatingPoint, "integer tensor with floating-point type \(dataType)")
        precondition(integers.count == shape.elementCount, "\(integers.count) integers for shape \(shape)")
        let values = integers.map(dataType.wrapped)
        self.dataType = dataType
        self.integers = values
        self.floats = Tensor(shape: shape, scalars: values.map { Float($0) })
    }

    /// A rank-1 INT64 tensor, the form of every ONNX shape.
    static func shapeVector(_ values: [Int]) -> ONNXTensor {
        ONNXTensor(integers: values.map(Int64.init), shape: [values.count])
    }

    /// The values as `Int`s: exact for integer types, truncated toward zero for floating point.
    var intValues: [Int] {
        if let integers { return integers.map { Int(clamping: $0) } }
        return floats.scalars.map { Int(ConstantMath.int64($0)) }
    }

    /// The same values with another shape of equal element count.
    func reshaped(_ shape: [Int]) -> ONNXTensor {
        var copy = self
        copy.floats = floats.reshaped(shape)
        return copy
    }
}
