import INVEngine

/// Exact arithmetic on load-time constants, for the shape-computation subgraphs that exporters
/// emit (`Shape → Gather → Mul → Concat → Reshape`, TF-"SAME" padding arithmetic, …).
///
/// These never run at inference: they fold integer and boolean tensors (kept as `Int64`, so
/// `INT64_MAX` slice ends and large products stay exact) and small float constants.
enum ConstantMath {
    /// NumPy broadcasting of several shapes: the result shape and, for each input, the flat source
    /// index of every result element.
    static func broadcast(_ shapes: [[Int]], op: String) throws -> (shape: [Int], sources: [[Int]]) {
        var shape: [Int] = []
        for s in shapes { shape = try Broadcast.shape(shape, s, op: op) }
        let count = shape.elementCount, resultStrides = shape.strides
        let sources = shapes.map { source -> [Int] in
            let strides = Broadcast.strides(of: source, in: shape)
            return (0..<count).map { flat in
                var rest = flat, offset = 0
                for axis in shape.indices {
                    offset += (rest / resultStrides[axis]) * strides[axis]
                    rest %= resultStrides[axis]
                }
                return offset
            }
        }
        return (shape, sources)
    }

    /// Elementwise function of broadcast constants.
    ///
    /// If every input is an integer/boolean tensor and `integer` is given, it computes exactly in
    /// `Int64` and the result has `resultType` (default: the first input's type); otherwise `float`
    /// computes on the Float32 values (a `.bool` result type stores 0/1).
    static func elementwise(_ inputs: [ONNXTensor], op: String, resultType: ONNXTensor.DataType? = nil,
                            integer: (([Int64]) throws -> Int64)?, float: (([Float]) -> Float)?) throws -> ONNXTensor {
        let (shape, sources) = try broadcast(inputs.map(\.shape), op: op)
        let count = shape.elementCount
        if let integer, inputs.allSatisfy({ $0.integers != nil }) {
            let columns = inputs.map { $0.integers ?? [] }
            let values = try (0..<count).map { i in try integer(columns.indices.map { columns[$0][sources[$0][i]] }) }
            return ONNXTensor(integers: values, shape: shape, dataType: resultType ?? inputs[0].dataType)
        }
        guard let float else {
            throw ShapeError(op: op, "is only defined for integer inputs here, got \(inputs.map(\.dataType))")
        }
        let columns = inputs.map(\.floats.scalars)
        let values = (0..<count).map { i in float(columns.indices.map { columns[$0][sources[$0][i]] }) }
        let type = resultType ?? (inputs.first { $0.dataType.isFloatingPoint }?.dataType ?? .float)
        if !type.isFloatingPoint {
            return ONNXTensor(integers: values.map(int64), shape: shape, dataType: type)
        }
        return ONNXTensor(Tensor(shape: shape, scalars: values), dataType: type)
    }

    /// Reduces a constant over `axes` (all axes when empty) with `combine`, starting from `initial`.
    static func reduce(_ x: ONNXTensor, axes: [Int], keepDims: Bool, op: String,
                       integer: (Int64, Int64) -> Int64, integerInitial: Int64,
                       float: (Float, Float) -> Float, floatInitial: Float) throws -> ONNXTensor {
        let rank = x.shape.count
        let reduced = Set(try (axes.isEmpty ? Array(0..<rank) : axes).map { try normalizedAxis($0, rank: rank, op: op) })
        let kept = x.shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
        let outShape = keepDims ? kept : x.shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
        let keptStrides = kept.strides, inStrides = x.shape.strides
        func target(_ flat: Int) -> Int {
            var rest = flat, offset = 0
            for axis in 0..<rank {
                let i = rest / inStrides[axis]
                rest %= inStrides[axis]
                if !reduced.contains(axis) { offset += i * keptStrides[axis] }
            }
            return offset
        }
        if let ints = x.integers {
            var out = [Int64](repeating: integerInitial, count: kept.elementCount)
            for (flat, v) in ints.enumerated() { out[target(flat)] = integer(out[target(flat)], v) }
            return ONNXTensor(integers: out, shape: outShape, dataType: x.dataType)
        }
        var out = [Float](repeating: floatInitial, count: kept.elementCount)
        for (flat, v) in x.floats.scalars.enumerated() { out[target(flat)] = float(out[target(flat)], v) }
        return ONNXTensor(Tensor(shape: outShape, scalars: out), dataType: x.dataType)
    }

    /// Converts a constant to another element type (ONNX `Cast`): float → integer truncates toward
    /// zero, integers wrap to the target's range, anything → BOOL is `value != 0`.
    static func cast(_ x: ONNXTensor, to type: ONNXTensor.DataType) -> ONNXTensor {
        if type.isFloatingPoint {
            let rounded: [Float]
            switch type {
            case .float16: rounded = x.floats.scalars.map { Float(Float16($0)) }
            case .bfloat16: rounded = x.floats.scalars.map { Float(bitPattern: bfloat16Bits($0) << 16) }
            default: rounded = x.floats.scalars
            }
            return ONNXTensor(Tensor(shape: x.shape, scalars: rounded), dataType: type)
        }
        let values: [Int64] = x.integers ?? x.floats.scalars.map { v in type == .bool ? (v != 0 ? 1 : 0) : int64(v) }
        return ONNXTensor(integers: values, shape: x.shape, dataType: type)
    }

    /// Float → Int64 truncating toward zero; NaN becomes 0 and out-of-range values saturate.
    static func int64(_ v: Float) -> Int64 {
        if v.isNaN { return 0 }
        return Int64(exactly: v.rounded(.towardZero)) ?? (v > 0 ? Int64.max : Int64.min)
    }

    /// Round-to-nearest-even bfloat16 bits of a Float32.
    private static func bfloat16Bits(_ v: Float) -> UInt32 {
        let bits = v.bitPattern
        if v.isNaN { return 0x7FC0 }
        let rounding = 0x7FFF + ((bits >> 16) & 1)
        return (bits &+ rounding) >> 16
    }
}
