import Testing
@testable import INVEngine

@Suite struct TapeTests {
    @Test func gradientOfSharedInputAccumulates() throws {
        let grads = try withTape { tape in
            let x = tape.variable(Tensor(shape: [2], scalars: [1, -2]))
            let y = try tape.apply(Elementwise.mul, x, x)           // x²
            let z = try tape.apply(Elementwise.add, y, x)           // x² + x
            let s = try tape.apply(Reduce(kind: .sum, axes: []), z)
            return try tape.gradients(of: s, withRespectTo: [x, y])
        }
        #expect(grads[0].scalars == [3, -3])   // 2x + 1
        #expect(grads[1].scalars == [1, 1])
    }

    @Test func constantsAndStopGradientGetNoGradientFlow() throws {
        try withTape { tape in
            let x = tape.variable(Tensor(shape: [2], scalars: [1, 2]))
            let w = tape.constant(Tensor(shape: [2], scalars: [3, 4]))
            let cut = tape.stopGradient(x)
            let y = try tape.apply(Elementwise.mul, x, w)
            let z = try tape.apply(Elementwise.add, y, cut)
            let g = try tape.gradients(of: z, withRespectTo: [x, w])
            #expect(g[0].scalars == [3, 4])
            #expect(g[1].scalars == [0, 0])
        }
    }

    @Test func oneHotSeedSelectsALogit() throws {
        try withTape { tape in
            let x = tape.variable(Tensor(shape: [1, 3], scalars: [1, 2, 3]))
            let w = tape.constant(Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]))
            let logits = try tape.apply(MatMul(), x, w)
            let g = try tape.gradients(of: logits, seed: Tensor(shape: [1, 2], scalars: [0, 1]), withRespectTo: [x, logits])
            #expect(g[0].scalars == [2, 4, 6])
            #expect(g[1].scalars == [0, 1])
            #expect(throws: AutodiffError.self) { try tape.gradients(of: logits, seed: Tensor.zeros([2]), withRespectTo: [x]) }
        }
    }

    @Test func guidedTapeRewritesReLUGradient() throws {
        for rule in RectifierGradient.allCases {
            try withTape(rectifierGradient: rule) { tape in
                let x = tape.variable(Tensor(shape: [3], scalars: [1, 2, -1]))
                let r = try tape.apply(Unary(.relu), x)
                let y = try tape.apply(Elementwise.mul, r, tape.constant(Tensor(shape: [3], scalars: [1, -1, 1])))
                let g = try tape.gradients(of: y, withRespectTo: [x])
                #expect(g[0].scalars == (rule == .guided ? [1, 0, 0] : [1, -1, 0]))
            }
        }
    }

    @Test func opWithoutRuleThrows() throws {
        struct ArgMaxLike: Op {
            var name: String { "argmax-like" }
            func forward(_ inputs: [Tensor]) throws -> Tensor { inputs[0] }
            func backward(_ inputs: [Tensor], output: Tensor, gradient: Tensor, context: BackwardContext) throws -> [Tensor?] { try noGradient() }
        }
        try withTape { tape in
            let x = tape.variable(Tensor(shape: [1], scalars: [1]))
            let y = try tape.apply(ArgMaxLike(), x)
            #expect(throws: AutodiffError.noGradientRule(op: "argmax-like")) { try tape.gradients(of: y, withRespectTo: [x]) }
        }
    }
}
