import INVEngine

/// Constants, shapes and views: `Constant`, `ConstantOfShape`, `Shape`, `Size` (always folded: the
/// graph has static shapes), `Identity`, `Dropout` (identity at inference), and the reshaping ops
/// `Reshape`, `Flatten`, `Squeeze`, `Unsqueeze`, `Expand`.
extension ONNXOps {
    /// `Constant`: one of the attributes `value` (a tensor), `value_float(s)`, `value_int(s)` (opset 12).
    static func Constant(_ n: NodeContext) throws -> [ImportValue] {
        if let tensor = try n.tensor("value") { return [.constant(tensor)] }
        if let v = try n.float("value_float") { return [.constant(ONNXTensor(Tensor(scalar: v)))] }
        if let v = try n.floats("value_floats") { return [.constant(ONNXTensor(Tensor(shape: [v.count], scalars: v)))] }
        if let v = try n.int("value_int") { return [.constant(ONNXTensor(integers: [Int64(v)], shape: []))] }
        if let v = try n.ints("value_ints") { return [.constant(ONNXTensor.shapeVector(v))] }
        if n.has("sparse_value") || n.has("value_string") || n.has("value_strings") {
            throw n.unsupported("sparse and string constants are not supported")
        }
        throw n.unsupported("has none of the attributes value, value_float(s), value_int(s)")
    }

    /// `ConstantOfShape(shape)`: a tensor of that shape filled with the one-element `value`
    /// attribute (default: FLOAT 0).
    static func ConstantOfShape(_ n: NodeContext) throws -> [ImportValue] {
        let shape = try n.constant(0, "input").intValues
        guard shape.allSatisfy({ $0 >= 0 }) else { throw n.unsupported("negative extent in shape \(shape)") }
        let value = try n.tensor("value") ?? ONNXTensor(Tensor(scalar: 0))
        guard value.floats.count == 1 else { throw n.invalid("value", "must hold one element, has shape \(value.shape)") }
        if let integer = value.integers?.first {
            return [.constant(ONNXTensor(integers: [Int64](repeating: integer, count: shape.elementCount), shape: shape, dataType: value.dataType))]
        }
        return [.constant(ONNXTensor(Tensor(repeating: value.floats.scalars[0], shape: shape), dataType: value.dataType))]
    }

    /// `Shape(data)`: the static shape as INT64, optionally `shape[start..<end]` (opset 15;
    /// negative bounds count from the end, out-of-range ones clamp).
    static func Shape(_ n: NodeContext) throws -> [ImportValue] {
        let shape = try n.input(0, "data").shape
        func clamped(_ v: Int) -> Int { Swift.min(Swift.max(v < 0 ? v + shape.count : v, 0), shape.count) }
        let start = clamped(try n.int("start", default: 0)), end = clamped(try n.int("end", default: shape.count))
        return [.constant(ONNXTensor.shapeVector(start < end ? Array(shape[start..<end]) : []))]
    }

    /// `Size(data)`: the element count as an INT64 scalar.
    static func Size(_ n: NodeContext) throws -> [ImportValue] {
        [.constant(ONNXTensor(integers: [Int64(try n.input(0, "data").shape.elementCount)], shape: []))]
    }

    static func Identity(_ n: NodeContext) throws -> [ImportValue] { [try n.input(0, "input")] }

    /// `Dropout` at inference is the identity; the optional `mask` output is all true.
    /// Training mode (opset 12 input `training_mode`) is supported only with ratio 0, where it is
    /// the identity too.
    static func Dropout(_ n: NodeContext) throws -> [ImportValue] {
        let data = try n.input(0, "data")
        for attribute in ["ratio", "is_test", "seed", "consumed_inputs"] { n.ignore(attribute) }
        if let training = try n.optionalConstant(2, "training_mode"), training.floats.scalars.contains(where: { $0 != 0 }) {
            let ratio = try n.optionalConstant(1, "ratio")?.floats.scalars.first ?? 0.5
            guard ratio == 0 else { throw n.unsupported("training_mode = true with ratio \(ratio) is not supported (inference only)") }
        }
        guard n.node.output.count > 1, !n.node.output[1].isEmpty else { return [data] }
        let mask = ONNXTensor(integers: [Int64](repeating: 1, count: data.shape.elementCount), shape: data.shape, dataType: .bool)
        return [data, .constant(mask)]
    }

    /// `Reshape(data, shape)`: the shape is the attribute `shape` before opset 5, input 1 after.
    /// An extent 0 copies the input's extent unless `allowzero = 1` (opset 14); one extent may be −1.
    static func Reshape(_ n: NodeContext) throws -> [ImportValue] {
        let data = try n.input(0, "data")
        var shape: [Int]
        if n.opset < 5 {
            guard let attribute = try n.ints("shape") else { throw n.invalid("shape", "is required before opset 5") }
            shape = attribute
        } else {
            shape = try n.constant(1, "shape").intValues
        }
        n.ignore("consumed_inputs")
        if try n.int("allowzero", default: 0) == 0 {
            for (i, extent) in shape.enumerated() where extent == 0 {
                guard i < data.rank else { throw n.unsupported("shape \(shape) copies extent \(i), but the input has shape \(data.shape)") }
                shape[i] = data.shape[i]
            }
        }
        return [try n.apply(INVEngine.Reshape(shape: shape), data, folding: .movesData)]
    }

    /// `Flatten(input)`: to 2-D `[∏ d₀…d_{axis−1}, ∏ d_axis…]` (axis default 1, negative from opset 11).
    static func Flatten(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "input")
        let rawAxis = try n.int("axis", default: 1)
        let axis = rawAxis < 0 ? rawAxis + x.rank : rawAxis
        guard axis >= 0 && axis <= x.rank else { throw n.invalid("axis", "is \(rawAxis), out of range for rank \(x.rank)") }
        return [try reshape(n, x, [x.shape[..<axis].reduce(1, *), x.shape[axis...].reduce(1, *)])]
    }

    /// `Squeeze(data)`: removes the listed axes (attribute before opset 13, input 1 after), which
    /// must have extent 1, or every extent-1 axis when none are listed.
    static func Squeeze(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "data")
        let listed = n.opset < 13 ? try n.ints("axes") : try n.optionalInts(1, "axes")
        let axes = try listed.map { try self.axes(n, $0, rank: x.rank) } ?? x.shape.indices.filter { x.shape[$0] == 1 }
        if let bad = axes.first(where: { x.shape[$0] != 1 }) {
            throw n.unsupported("cannot squeeze axis \(bad) of extent \(x.shape[bad]) (input \(x.shape))")
        }
        return [try reshape(n, x, x.shape.indices.filter { !axes.contains($0) }.map { x.shape[$0] })]
    }

    /// `Unsqueeze(data)`: inserts extent-1 axes at the listed positions of the output
    /// (attribute before opset 13, input 1 after).
    static func Unsqueeze(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "data")
        guard let listed = n.opset < 13 ? try n.ints("axes") : try n.optionalInts(1, "axes") else {
            throw n.opset < 13 ? n.invalid("axes", "is required") : ONNXError.missingInput(node: n.name, opType: n.opType, index: 1, role: "axes")
        }
        let rank = x.rank + listed.count
        let axes = Set(try self.axes(n, listed, rank: rank))
        guard axes.count == listed.count else { throw n.invalid("axes", "repeats an axis: \(listed)") }
        var remaining = x.shape.makeIterator()
        let shape = (0..<rank).map { axes.contains($0) ? 1 : remaining.next() ?? 1 }
        return [try reshape(n, x, shape)]
    }

    /// `Expand(input, shape)`: broadcasts the input to `shape` (NumPy rules; the result may be
    /// larger than `shape`). At run time this is a product with ones, whose gradient sums back.
    static func Expand(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "input")
        let target = try n.constant(1, "shape").intValues
        let shape = try Broadcast.shape(x.shape, target, op: n.opType)
        if shape == x.shape { return [x] }
        if let constant = x.constantValue, constant.integers != nil {
            return [.constant(try ConstantMath.elementwise([constant, ONNXTensor(integers: [Int64](repeating: 0, count: shape.elementCount), shape: shape)],
                                                           op: n.opType, integer: { $0[0] }, float: nil))]
        }
        // Ones only along the axes that grow, so the constant stays small.
        let lead = shape.count - x.rank
        let onesShape = shape.indices.map { i in i >= lead && x.shape[i - lead] == shape[i] ? 1 : shape[i] }
        return [try n.apply(Elementwise.mul, x, filled(1, onesShape))]
    }
}
