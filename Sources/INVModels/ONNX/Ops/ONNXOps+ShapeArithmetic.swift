import Foundation
import INVEngine

/// Ops that exporters emit to compute shapes, pads and indices (`Shape → Cast → Div → Ceil →
/// Max → …`). They are folded when the model is loaded; on a runtime tensor they are an error
/// (the engine has no such op), which names the op and node.
///
/// `Cast` is the exception: on a runtime tensor a cast to a floating-point type is the identity
/// (the engine computes in Float32).
extension ONNXOps {
    /// Elementwise maximum of all inputs (broadcasting). At run time only against one constant
    /// scalar `c`, which is exactly `Clip(min: c)`.
    static func Max(_ n: NodeContext) throws -> [ImportValue] {
        if let clipped = try clipAgainstScalar(n, lower: true) { return [clipped] }
        return [try loadTime(n) { $0.max() ?? 0 } float: { $0.contains(where: \.isNaN) ? .nan : $0.max() ?? 0 }]
    }

    /// Elementwise minimum of all inputs (broadcasting). At run time only against one constant
    /// scalar `c`, which is exactly `Clip(max: c)`.
    static func Min(_ n: NodeContext) throws -> [ImportValue] {
        if let clipped = try clipAgainstScalar(n, lower: false) { return [clipped] }
        return [try loadTime(n) { $0.min() ?? 0 } float: { $0.contains(where: \.isNaN) ? .nan : $0.min() ?? 0 }]
    }

    static func Ceil(_ n: NodeContext) throws -> [ImportValue] { [try loadTime(n) { $0[0] } float: { $0[0].rounded(.up) }] }
    static func Floor(_ n: NodeContext) throws -> [ImportValue] { [try loadTime(n) { $0[0] } float: { $0[0].rounded(.down) }] }
    /// Rounds half to even, as ONNX specifies.
    static func Round(_ n: NodeContext) throws -> [ImportValue] { [try loadTime(n) { $0[0] } float: { $0[0].rounded(.toNearestOrEven) }] }
    static func Sign(_ n: NodeContext) throws -> [ImportValue] {
        [try loadTime(n) { $0[0].signum() } float: { $0[0] > 0 ? 1 : ($0[0] < 0 ? -1 : 0) }]
    }

    /// `Mod`: with `fmod = 0` (default) the result takes the divisor's sign (Python `%`); with
    /// `fmod = 1`, the dividend's (C `fmod`).
    static func Mod(_ n: NodeContext) throws -> [ImportValue] {
        let fmod = try n.int("fmod", default: 0) == 1
        return [try loadTime(n) { v in
            guard v[1] != 0 else { throw n.unsupported("integer modulo by zero while folding constants") }
            let r = v[0] % v[1]
            return fmod || r == 0 || (r < 0) == (v[1] < 0) ? r : r + v[1]
        } float: { v in
            let r = Foundation.fmod(v[0], v[1])
            return fmod || r == 0 || (r < 0) == (v[1] < 0) ? r : r + v[1]
        }]
    }

    static func Equal(_ n: NodeContext) throws -> [ImportValue] { [try comparison(n) { $0 == $1 } float: { $0 == $1 }] }
    static func Less(_ n: NodeContext) throws -> [ImportValue] { [try comparison(n) { $0 < $1 } float: { $0 < $1 }] }
    static func Greater(_ n: NodeContext) throws -> [ImportValue] { [try comparison(n) { $0 > $1 } float: { $0 > $1 }] }
    static func LessOrEqual(_ n: NodeContext) throws -> [ImportValue] { [try comparison(n) { $0 <= $1 } float: { $0 <= $1 }] }
    static func GreaterOrEqual(_ n: NodeContext) throws -> [ImportValue] { [try comparison(n) { $0 >= $1 } float: { $0 >= $1 }] }

    static func Not(_ n: NodeContext) throws -> [ImportValue] { [try loadTime(n, resultType: .bool) { $0[0] == 0 ? 1 : 0 }] }
    static func And(_ n: NodeContext) throws -> [ImportValue] { [try loadTime(n, resultType: .bool) { $0[0] != 0 && $0[1] != 0 ? 1 : 0 }] }
    static func Or(_ n: NodeContext) throws -> [ImportValue] { [try loadTime(n, resultType: .bool) { $0[0] != 0 || $0[1] != 0 ? 1 : 0 }] }
    static func Xor(_ n: NodeContext) throws -> [ImportValue] { [try loadTime(n, resultType: .bool) { ($0[0] != 0) != ($0[1] != 0) ? 1 : 0 }] }

    /// `Where(condition, X, Y)`: X where the condition holds, else Y (broadcasting).
    static func Where(_ n: NodeContext) throws -> [ImportValue] {
        let inputs = try constants(n, count: 3)
        let resultType = inputs[1].dataType
        let picked = try ConstantMath.elementwise(inputs, op: n.opType, resultType: resultType,
                                                  integer: { $0[0] != 0 ? $0[1] : $0[2] },
                                                  float: { $0[0] != 0 ? $0[1] : $0[2] })
        return [.constant(picked)]
    }

    /// `Range(start, limit, delta)`: `⌈(limit − start) / delta⌉` values (at least zero).
    static func Range(_ n: NodeContext) throws -> [ImportValue] {
        let inputs = try constants(n, count: 3)
        guard inputs.allSatisfy({ $0.floats.count == 1 }) else {
            throw n.unsupported("start, limit and delta must be scalars, got shapes \(inputs.map(\.shape))")
        }
        if let start = inputs[0].integers?[0], let limit = inputs[1].integers?[0], let delta = inputs[2].integers?[0] {
            guard delta != 0 else { throw n.unsupported("delta is 0") }
            let count = Swift.max(0, Int((limit - start + delta + (delta > 0 ? -1 : 1)) / delta))
            return [.constant(ONNXTensor(integers: (0..<count).map { start + Int64($0) * delta }, shape: [count], dataType: inputs[0].dataType))]
        }
        let (start, limit, delta) = (inputs[0].floats.scalars[0], inputs[1].floats.scalars[0], inputs[2].floats.scalars[0])
        guard delta != 0 else { throw n.unsupported("delta is 0") }
        let count = Swift.max(0, Int(((limit - start) / delta).rounded(.up)))
        return [.constant(ONNXTensor(Tensor(shape: [count], scalars: (0..<count).map { start + Float($0) * delta }), dataType: inputs[0].dataType))]
    }

    /// `Cast(input, to)`: exact on constants; on runtime tensors only to a floating-point type,
    /// which is the identity in the Float32 engine.
    static func Cast(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "input")
        let code = try n.int("to") ?? -1
        n.ignore("saturate")  // opset 19: only affects float8 targets, which are not supported
        guard let type = ONNXTensor.DataType(rawValue: Int32(truncatingIfNeeded: code)) else {
            throw n.invalid("to", "is \(ONNXTensor.typeName(Int32(truncatingIfNeeded: code))), which INVKit cannot represent")
        }
        return [try cast(n, x, to: type)]
    }

    /// `CastLike(input, target_type)`: a `Cast` to the element type of the second input.
    static func CastLike(_ n: NodeContext) throws -> [ImportValue] {
        let x = try n.input(0, "input"), like = try n.input(1, "target_type")
        n.ignore("saturate")
        return [try cast(n, x, to: like.constantValue?.dataType ?? .float)]
    }

    // MARK: Helpers

    /// `Max(x, c)` / `Min(x, c)` with a runtime `x` and a constant one-element `c`, as a Clip.
    private static func clipAgainstScalar(_ n: NodeContext, lower: Bool) throws -> ImportValue? {
        let inputs = n.presentInputs
        guard inputs.count == 2, inputs.contains(where: { $0.constantValue == nil }),
              let bound = inputs.first(where: { $0.constantValue?.floats.count == 1 }),
              let x = inputs.first(where: { $0.constantValue == nil }),
              let c = bound.constantValue?.floats.scalars.first else { return nil }
        let clipped = try n.apply(lower ? INVEngine.Clip(min: c) : INVEngine.Clip(max: c), x)
        let shape = try Broadcast.shape(x.shape, bound.shape, op: n.opType)
        return shape == x.shape ? clipped : try reshape(n, clipped, shape)
    }

    private static func cast(_ n: NodeContext, _ x: ImportValue, to type: ONNXTensor.DataType) throws -> ImportValue {
        if let constant = x.constantValue { return .constant(ConstantMath.cast(constant, to: type)) }
        guard type.isFloatingPoint else {
            throw n.unsupported("cast of a runtime tensor to \(type) is not supported (the engine computes in Float32)")
        }
        return x
    }

    /// All inputs, which must be known at load time.
    private static func constants(_ n: NodeContext, count: Int? = nil) throws -> [ONNXTensor] {
        let inputs = count.map { c in (0..<c).map { n.optionalInput($0) } } ?? n.inputs
        return try inputs.enumerated().map { index, value in
            guard let value else { throw ONNXError.missingInput(node: n.name, opType: n.opType, index: index, role: "input \(index)") }
            guard let constant = value.constantValue else {
                throw ONNXError.loadTimeOnly(node: n.name, opType: n.opType, input: n.node.input[index])
            }
            return constant
        }
    }

    /// Folds an elementwise op over all inputs.
    private static func loadTime(_ n: NodeContext, resultType: ONNXTensor.DataType? = nil,
                                 integer: @escaping ([Int64]) throws -> Int64, float: (([Float]) -> Float)? = nil) throws -> ImportValue {
        guard !n.presentInputs.isEmpty else { throw ONNXError.missingInput(node: n.name, opType: n.opType, index: 0, role: "input 0") }
        return .constant(try ConstantMath.elementwise(try constants(n), op: n.opType, resultType: resultType, integer: integer, float: float))
    }

    private static func comparison(_ n: NodeContext, integer: @escaping (Int64, Int64) -> Bool,
                                   float: @escaping (Float, Float) -> Bool) throws -> ImportValue {
        try loadTime(n, resultType: .bool) { integer($0[0], $0[1]) ? 1 : 0 } float: { float($0[0], $0[1]) ? 1 : 0 }
    }
}
