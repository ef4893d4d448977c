import Foundation
import INVEngine

/// Elementwise arithmetic: `Add`, `Sub`, `Mul`, `Div` (NumPy broadcasting from opset 7; before it
/// the `broadcast`/`axis` attributes), the variadic `Sum` and `Mean`, `Pow` with a constant
/// exponent, and the unary math functions.
extension ONNXOps {
    static func Add(_ n: NodeContext) throws -> [ImportValue] { [try binary(n, .add) { $0 &+ $1 }] }
    static func Sub(_ n: NodeContext) throws -> [ImportValue] { [try binary(n, .sub) { $0 &- $1 }] }
    static func Mul(_ n: NodeContext) throws -> [ImportValue] { [try binary(n, .mul) { $0 &* $1 }] }

    /// Integer division truncates toward zero, as ONNX's reference does for integer tensors.
    static func Div(_ n: NodeContext) throws -> [ImportValue] {
        [try binary(n, .div) { a, b in
            guard b != 0 else { throw n.unsupported("integer division by zero while folding constants") }
            return a / b
        }]
    }

    /// `Sum(x₁, …, xₖ) = x₁ + … + xₖ` (broadcasting).
    static func Sum(_ n: NodeContext) throws -> [ImportValue] {
        [try sum(n, n.presentInputs)]
    }

    /// `Mean(x₁, …, xₖ) = (x₁ + … + xₖ) / k`.
    static func Mean(_ n: NodeContext) throws -> [ImportValue] {
        let inputs = n.presentInputs
        return [try n.apply(Elementwise.div, try sum(n, inputs), .scalar(Float(inputs.count)))]
    }

    /// `Pow(X, Y)`: folded when both are constants; at run time `Y` must be a constant scalar in
    /// {1, 2, 3, 0.5, −0.5, −1, −2}, computed exactly as products, square roots and reciprocals.
    static func Pow(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "X"), y = try n.input(1, "Y")
        if let xc = x.constantValue, let yc = y.constantValue {
            return [.constant(try ConstantMath.elementwise([xc, yc], op: n.opType, resultType: xc.dataType,
                                                           integer: { v in try integerPower(n, v[0], v[1]) },
                                                           float: { Foundation.pow($0[0], $0[1]) }))]
        }
        guard let exponent = y.constantValue, exponent.floats.count == 1 else {
            throw ONNXError.loadTimeOnly(node: n.name, opType: n.opType, input: n.node.input[y.constantValue == nil ? 1 : 0])
        }
        let e = exponent.floats.scalars[0]
        func times(_ a: ImportValue, _ b: ImportValue) throws -> ImportValue { try n.apply(Elementwise.mul, a, b) }
        let result: ImportValue
        switch e {
        case 1: result = x
        case 2: result = try times(x, x)
        case 3: result = try times(try times(x, x), x)
        case 0.5: result = try n.apply(INVEngine.Unary(.sqrt), x)
        case -0.5: result = try n.apply(INVEngine.Unary(.reciprocal), try n.apply(INVEngine.Unary(.sqrt), x))
        case -1: result = try n.apply(INVEngine.Unary(.reciprocal), x)
        case -2: result = try n.apply(INVEngine.Unary(.reciprocal), try times(x, x))
        default:
            throw n.unsupported("constant exponent \(e) is not supported at run time (supported: 1, 2, 3, 0.5, -0.5, -1, -2)")
        }
        let outShape = try Broadcast.shape(x.shape, y.shape, op: n.opType)
        return [outShape == result.shape ? result : try n.apply(Elementwise.mul, result, filled(1, outShape))]
    }

    static func Neg(_ n: NodeContext) throws -> [ImportValue] { try unary(n, .neg) { 0 &- $0 } }
    static func Abs(_ n: NodeContext) throws -> [ImportValue] { try unary(n, .abs) { $0 < 0 ? 0 &- $0 : $0 } }
    static func Reciprocal(_ n: NodeContext) throws -> [ImportValue] { try unary(n, .reciprocal) }
    static func Sqrt(_ n: NodeContext) throws -> [ImportValue] { try unary(n, .sqrt) }
    static func Exp(_ n: NodeContext) throws -> [ImportValue] { try unary(n, .exp) }
    static func Log(_ n: NodeContext) throws -> [ImportValue] { try unary(n, .log) }
    static func Erf(_ n: NodeContext) throws -> [ImportValue] { try unary(n, .erf) }

    // MARK: Helpers

    /// A broadcasting binary op. Before opset 7, `broadcast = 1` with `axis` aligned `B`'s axes
    /// with `A`'s starting at `axis` (instead of from the right); `B` is reshaped to match.
    private static func binary(_ n: NodeContext, _ kind: Elementwise.Kind,
                               integer: @escaping (Int64, Int64) throws -> Int64) throws -> ImportValue {
        let a = try n.input(0, "A")
        var b = try n.input(1, "B")
        n.ignore("consumed_inputs")
        let broadcast = try n.int("broadcast", default: 0), legacyAxis = try n.int("axis")
        if broadcast == 1, let legacyAxis, n.opset < 7 {
            let axis = try self.axis(n, legacyAxis, rank: a.rank)
            let trailing = a.rank - axis - b.rank
            guard trailing >= 0 else { throw n.invalid("axis", "\(legacyAxis) leaves no room for B of shape \(b.shape) in A \(a.shape)") }
            b = try reshape(n, b, b.shape + [Int](repeating: 1, count: trailing))
        }
        return try n.apply(Elementwise(kind), a, b, folding: .integer { inputs in
            try ConstantMath.elementwise(inputs, op: n.opType, integer: { try integer($0[0], $0[1]) }, float: nil)
        })
    }

    private static func sum(_ n: NodeContext, _ inputs: [ImportValue]) throws -> ImportValue {
        guard var total = inputs.first else { throw n.unsupported("needs at least one input") }
        n.ignore("consumed_inputs")
        for next in inputs.dropFirst() {
            total = try n.apply(Elementwise.add, total, next, folding: .integer { v in
                try ConstantMath.elementwise(v, op: n.opType, integer: { $0[0] &+ $0[1] }, float: nil)
            })
        }
        return total
    }

    private static func integerPower(_ n: NodeContext, _ base: Int64, _ exponent: Int64) throws -> Int64 {
        guard exponent >= 0 else { throw n.unsupported("negative integer exponent \(exponent) while folding constants") }
        var result: Int64 = 1
        for _ in 0..<exponent { result = result &* base }
        return result
    }
}
