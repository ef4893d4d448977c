import Testing
@testable import INVEngine

/// Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise; the message names the first
/// failing index, both values and the largest difference.
func expectClose(_ actual: [Double], _ expected: [Double], rtol: Double = 1e-5, atol: Double = 1e-6,
                 _ what: @autoclosure () -> String, elementIndices: [Int]? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual.count == expected.count else {
        Issue.record("\(what()): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    var worst = 0.0, firstBad: Int?
    for i in actual.indices {
        let diff = abs(actual[i] - expected[i])
        worst = max(worst, diff)
        if firstBad == nil && !(diff <= atol + rtol * abs(expected[i])) { firstBad = i }
    }
    if let i = firstBad {
        Issue.record("\(what()): element \(elementIndices?[i] ?? i): got \(actual[i]), expected \(expected[i]) (|Δ| = \(abs(actual[i] - expected[i])), max |Δ| = \(worst), rtol \(rtol), atol \(atol))",
                     sourceLocation: sourceLocation)
    }
}

func expectClose(_ actual: Tensor, _ expected: Tensor, rtol: Double = 1e-5, atol: Double = 1e-6,
                 _ what: @autoclosure () -> String = "tensor", sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.shape == expected.shape, "\(what()): shape", sourceLocation: sourceLocation)
    expectClose(actual.scalars.map(Double.init), expected.scalars.map(Double.init), rtol: rtol, atol: atol,
                what(), sourceLocation: sourceLocation)
}

/// The per-op check used by every op test (STYLE.md row 13):
/// 1. the fast Float32 forward equals the Float64 reference kernel;
/// 2. the backward rule, given a random output gradient g, equals central finite differences of
///    Σ g·reference(x) in Float64, for every input listed in `differentiable`.
///
/// Large inputs are checked on a deterministic sample of `maxChecked` elements.
func checkOp(_ op: any Op, _ inputs: [Tensor], differentiable: [Int]? = nil,
             forwardTolerance: (rtol: Double, atol: Double) = (1e-4, 1e-5),
             gradientTolerance: (rtol: Double, atol: Double) = (1e-3, 1e-4),
             epsilon: Double = 1e-6, maxChecked: Int = 64, seed: UInt64 = 7,
             sourceLocation: SourceLocation = #_sourceLocation,
             reference: ([DTensor]) throws -> DTensor) throws {
    let label = "\(op.name) on \(inputs.map(\.shape))"
    let output = try op.forward(inputs)
    let dInputs = inputs.map(DTensor.init)
    let expected = try reference(dInputs)
    #expect(output.shape == expected.shape, "\(label): forward shape", sourceLocation: sourceLocation)
    expectClose(output.scalars.map(Double.init), expected.values,
                rtol: forwardTolerance.rtol, atol: forwardTolerance.atol, "\(label) forward", sourceLocation: sourceLocation)

    let targets = differentiable ?? Array(inputs.indices)
    guard !targets.isEmpty else { return }
    var random = TestRandom(seed: seed)
    let g = random.tensor(output.shape)
    let needs = inputs.indices.map { targets.contains($0) }
    let analytic = try op.backward(inputs, output: output, gradient: g,
                                   context: BackwardContext(needsGradient: needs))
    let gd = g.scalars.map(Double.init)
    func objective(_ x: [DTensor]) throws -> Double {
        zip(try reference(x).values, gd).reduce(0) { $0 + $1.0 * $1.1 }
    }
    for inputIndex in targets {
        guard let grad = analytic[inputIndex] else {
            Issue.record("\(label): no gradient for input \(inputIndex)", sourceLocation: sourceLocation)
            continue
        }
        #expect(grad.shape == inputs[inputIndex].shape, "\(label): gradient shape of input \(inputIndex)", sourceLocation: sourceLocation)
        let n = inputs[inputIndex].count
        let checked = n <= maxChecked ? Array(0..<n) : (0..<maxChecked).map { _ in Int(random.next() % UInt64(n)) }
        var numeric: [Double] = [], got: [Double] = []
        for element in checked {
            var plus = dInputs, minus = dInputs
            plus[inputIndex].values[element] += epsilon
            minus[inputIndex].values[element] -= epsilon
            numeric.append((try objective(plus) - objective(minus)) / (2 * epsilon))
            got.append(Double(grad.scalars[element]))
        }
        expectClose(got, numeric, rtol: gradientTolerance.rtol, atol: gradientTolerance.atol,
                    "\(label) ∂/∂input\(inputIndex)", elementIndices: checked, sourceLocation: sourceLocation)
    }
}
