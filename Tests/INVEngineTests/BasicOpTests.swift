import Foundation
import Testing
@testable import INVEngine

/// One line per op and case: fast forward vs the Float64 reference, backward vs finite differences.
@Suite struct BasicOpTests {
    @Test(arguments: [
        ([2, 3], [2, 3]), ([2, 3, 4], [4]), ([2, 1, 4], [3, 1]), ([4], [2, 3, 4]),
        ([1, 3, 1, 1], [2, 3, 2, 2]), ([2, 3], []), ([], [2, 2]),
    ] as [([Int], [Int])])
    func elementwiseBroadcasting(_ shapes: ([Int], [Int])) throws {
        var random = TestRandom(seed: 1)
        let a = random.tensor(shapes.0), b = random.tensor(shapes.1, 0.5, 2)  // b away from 0 for div
        for kind in Elementwise.Kind.allCases {
            try checkOp(Elementwise(kind), [a, b]) { x in
                try Ref.broadcastBinary(x[0], x[1]) { p, q in
                    switch kind { case .add: p + q; case .sub: p - q; case .mul: p * q; case .div: p / q }
                }
            }
        }
    }

    @Test func elementwiseHandComputed() throws {
        let a = Tensor(shape: [2, 1], scalars: [1, 2]), b = Tensor(shape: [3], scalars: [10, 20, 30])
        #expect(try Elementwise.add.forward([a, b]).scalars == [11, 21, 31, 12, 22, 32])
        #expect(throws: ShapeError.self) { try Elementwise.add.forward([Tensor.zeros([2, 3]), Tensor.zeros([4])]) }
    }

    @Test(arguments: Unary.Kind.allCases)
    func unary(_ kind: Unary.Kind) throws {
        var random = TestRandom(seed: 2)
        let positiveOnly: Set<Unary.Kind> = [.log, .sqrt, .reciprocal]
        let x = positiveOnly.contains(kind) ? random.tensor([2, 3, 4], 0.5, 2) : random.tensorAwayFromZero([2, 3, 4])
        try checkOp(Unary(kind), [x]) { Ref.unary(kind, $0[0]) }
    }

    @Test func clipIsReLU6() throws {
        var random = TestRandom(seed: 3)
        let x = random.tensor([3, 5], -3, 9).map { abs($0) < 0.05 || abs($0 - 6) < 0.05 ? $0 + 0.2 : $0 }
        try checkOp(Clip(min: 0, max: 6), [x]) { DTensor(shape: $0[0].shape, values: $0[0].values.map { min(max($0, 0), 6) }) }
    }

    @Test func guidedBackpropagationRule() throws {
        let x = Tensor(shape: [4], scalars: [1, 1, -1, -1]), g = Tensor(shape: [4], scalars: [1, -1, 1, -1])
        let guided = BackwardContext(needsGradient: [true], rectifierGradient: .guided)
        let standard = BackwardContext(needsGradient: [true])
        let relu = Unary(.relu), y = try relu.forward([x])
        #expect(try relu.backward([x], output: y, gradient: g, context: standard)[0]?.scalars == [1, -1, 0, 0])
        #expect(try relu.backward([x], output: y, gradient: g, context: guided)[0]?.scalars == [1, 0, 0, 0])
        let relu6 = Clip(min: 0, max: 6)
        #expect(try relu6.backward([x], output: y, gradient: g, context: guided)[0]?.scalars == [1, 0, 0, 0])
    }

    @Test(arguments: [([0], false), ([1, 2], true), ([-1], false), ([], false), ([0, 2], true)] as [([Int], Bool)])
    func reductions(_ c: ([Int], Bool)) throws {
        var random = TestRandom(seed: 4)
        let x = random.tensor([2, 3, 4])
        try checkOp(Reduce(kind: .sum, axes: c.0, keepDims: c.1), [x]) { Ref.reduce($0[0], axes: c.0, keepDims: c.1, mean: false) }
        try checkOp(Reduce(kind: .mean, axes: c.0, keepDims: c.1), [x]) { Ref.reduce($0[0], axes: c.0, keepDims: c.1, mean: true) }
    }

    @Test(arguments: [0, 1, -1])
    func softmax(_ axis: Int) throws {
        var random = TestRandom(seed: 5)
        let x = random.tensor([3, 4, 5], -3, 3)
        try checkOp(Softmax(axis: axis), [x]) { Ref.softmax($0[0], axis: axis, log: false) }
        try checkOp(Softmax(axis: axis, log: true), [x]) { Ref.softmax($0[0], axis: axis, log: true) }
        let large = Tensor(shape: [3], scalars: [1000, 1001, 1002])
        #expect(try Softmax().forward([large]).scalars.allSatisfy(\.isFinite))
    }

    @Test func layerNorm() throws {
        var random = TestRandom(seed: 6)
        let x = random.tensor([2, 3, 8], -2, 2), scale = random.tensor([8], 0.5, 1.5), bias = random.tensor([8])
        try checkOp(LayerNorm(axis: -1, epsilon: 1e-5), [x, scale, bias], gradientTolerance: (2e-3, 2e-4)) {
            Ref.layerNorm($0[0], $0[1], $0[2], axis: -1, epsilon: 1e-5)
        }
        let x2 = random.tensor([2, 3, 4])
        try checkOp(LayerNorm(axis: 1, epsilon: 1e-12), [x2, random.tensor([3, 4]), random.tensor([3, 4])],
                    gradientTolerance: (2e-3, 2e-4)) {
            Ref.layerNorm($0[0], $0[1], $0[2], axis: 1, epsilon: 1e-12)
        }
    }

    @Test(arguments: [
        ([3, 4], [4, 5], false, false), ([4, 3], [4, 5], true, false), ([3, 4], [5, 4], false, true),
        ([4, 3], [5, 4], true, true), ([2, 3, 4], [4, 5], false, false), ([2, 1, 3, 4], [3, 4, 2], false, false),
        ([4], [4, 5], false, false), ([3, 4], [4], false, false), ([2, 3, 4], [2, 5, 4], false, true),
    ] as [([Int], [Int], Bool, Bool)])
    func matmul(_ c: ([Int], [Int], Bool, Bool)) throws {
        var random = TestRandom(seed: 8)
        let a = random.tensor(c.0), b = random.tensor(c.1)
        try checkOp(MatMul(transposeA: c.2, transposeB: c.3), [a, b]) {
            try Ref.matmul($0[0], $0[1], transposeA: c.2, transposeB: c.3)
        }
    }

    @Test func shapeOps() throws {
        var random = TestRandom(seed: 9)
        let x = random.tensor([2, 3, 4])
        try checkOp(Reshape(shape: [4, -1]), [x]) { DTensor(shape: [4, 6], values: $0[0].values) }
        #expect(throws: ShapeError.self) { try Reshape(shape: [5, -1]).forward([x]) }
        for perm in [[0, 2, 1], [2, 0, 1], [1, 0, 2], []] {
            let p = perm.isEmpty ? [2, 1, 0] : perm
            try checkOp(Transpose(permutation: perm), [x]) { Ref.transpose($0[0], p) }
        }
        let y = random.tensor([2, 5, 4]), z = random.tensor([2, 1, 4])
        try checkOp(Concat(axis: 1), [x, y, z]) { Ref.concat($0, axis: 1) }
        try checkOp(Concat(axis: -1), [x, random.tensor([2, 3, 2])]) { Ref.concat($0, axis: 2) }
    }

    @Test(arguments: [
        ([0], [2], [0], [1]), ([1, -1], [100, 1], [1, 2], [1, 1]), ([-1], [-100], [2], [-1]),
        ([3, 0], [0, 3], [2, 0], [-2, 2]), ([0], [3], [-2], [2]),
    ] as [([Int], [Int], [Int], [Int])])
    func slice(_ c: ([Int], [Int], [Int], [Int])) throws {
        var random = TestRandom(seed: 10)
        let x = random.tensor([3, 4, 5])
        let axes = c.2.map { $0 < 0 ? $0 + 3 : $0 }
        try checkOp(Slice(starts: c.0, ends: c.1, axes: c.2, steps: c.3), [x]) {
            Ref.slice($0[0], starts: c.0, ends: c.1, axes: axes, steps: c.3)
        }
    }

    @Test func gather() throws {
        var random = TestRandom(seed: 11)
        let table = random.tensor([6, 4])
        try checkOp(Gather(axis: 0, indices: [1, 5, 1, -1], indicesShape: [2, 2]), [table]) {
            Ref.gather($0[0], axis: 0, indices: [1, 5, 1, -1], indicesShape: [2, 2])
        }
        let x = random.tensor([2, 5, 3])
        try checkOp(Gather(axis: 1, indices: [4, 0]), [x]) { Ref.gather($0[0], axis: 1, indices: [4, 0], indicesShape: [2]) }
        try checkOp(Gather(axis: 1, indices: [2], indicesShape: []), [x]) { Ref.gather($0[0], axis: 1, indices: [2], indicesShape: []) }
        #expect(throws: ShapeError.self) { try Gather(axis: 0, indices: [6]).forward([table]) }
    }

    @Test func lrn() throws {
        var random = TestRandom(seed: 12)
        let x = random.tensor([2, 5, 2, 3])
        for size in [1, 2, 3, 5] {
            try checkOp(LRN(size: size, alpha: 0.3, beta: 0.75, bias: 2), [x]) {
                Ref.lrn($0[0], size: size, alpha: 0.3, beta: 0.75, bias: 2)
            }
        }
    }
}
