import Testing
@testable import INVEngine

struct PoolCase: CustomTestStringConvertible, Sendable {
    let label: String
    let x: [Int]
    let kernel: Size2D
    var strides: Size2D = 1, pads: Padding2D = .zero, dilations: Size2D = 1
    var ceilMode = false, countIncludePad = false
    var testDescription: String { label }
}

/// Distinct values 0.01 apart in shuffled order: no ties, and a gap far wider than the
/// finite-difference step, so the arg-max of every window is stable.
func tieFreeTensor(_ shape: [Int], seed: UInt64) -> Tensor {
    var random = TestRandom(seed: seed)
    var values = (0..<shape.elementCount).map { Float($0) * 0.01 - 1 }
    for i in stride(from: values.count - 1, to: 0, by: -1) { values.swapAt(i, Int(random.next() % UInt64(i + 1))) }
    return Tensor(shape: shape, scalars: values)
}

@Suite("Spatial: pooling")
struct SpatialPoolTests {
    static let cases: [PoolCase] = [
        PoolCase(label: "3×3 stride 2 pad 1 (ResNet stem)", x: [2, 3, 9, 9], kernel: 3, strides: 2, pads: .uniform(1)),
        PoolCase(label: "2×2 stride 2 (VGG)", x: [1, 2, 8, 6], kernel: 2, strides: 2),
        PoolCase(label: "ceil mode keeps a window starting inside", x: [1, 2, 5, 7], kernel: 2, strides: 2, ceilMode: true),
        PoolCase(label: "ceil mode drops a window starting in the end padding", x: [1, 1, 4, 4], kernel: 2, strides: 2,
                 pads: Padding2D(top: 0, left: 0, bottom: 1, right: 1), ceilMode: true),
        PoolCase(label: "3×3 stride 2 ceil mode with pads", x: [1, 2, 8, 8], kernel: 3, strides: 2, pads: .uniform(1), ceilMode: true),
        PoolCase(label: "asymmetric pads, rectangular kernel", x: [2, 2, 6, 7], kernel: Size2D(2, 3), strides: Size2D(1, 2),
                 pads: Padding2D(top: 1, left: 0, bottom: 0, right: 2)),
        PoolCase(label: "count_include_pad", x: [1, 2, 6, 6], kernel: 3, strides: 2, pads: .uniform(1), countIncludePad: true),
        PoolCase(label: "count_include_pad in ceil mode (window past the end padding)", x: [1, 2, 6, 6], kernel: 3, strides: 2,
                 pads: Padding2D(top: 1, left: 1, bottom: 0, right: 0), ceilMode: true, countIncludePad: true),
    ]

    @Test("max pool matches the reference", arguments: cases + [
        PoolCase(label: "dilation 2", x: [1, 2, 9, 9], kernel: 3, strides: 2, pads: .uniform(2), dilations: 2),
    ])
    func maxPool(_ c: PoolCase) throws {
        let op = MaxPool2D(kernel: c.kernel, strides: c.strides, pads: c.pads, dilations: c.dilations, ceilMode: c.ceilMode)
        try checkOp(op, [tieFreeTensor(c.x, seed: 5)]) { d in
            SpatialReference.maxPool2d(d[0], kernel: c.kernel, strides: c.strides, pads: c.pads, dilations: c.dilations,
                                       ceilMode: c.ceilMode)
        }
    }

    @Test("average pool matches the reference", arguments: cases)
    func averagePool(_ c: PoolCase) throws {
        var random = TestRandom(seed: 9)
        let op = AveragePool2D(kernel: c.kernel, strides: c.strides, pads: c.pads, countIncludePad: c.countIncludePad,
                               ceilMode: c.ceilMode)
        try checkOp(op, [random.tensor(c.x)]) { d in
            SpatialReference.averagePool2d(d[0], kernel: c.kernel, strides: c.strides, pads: c.pads,
                                           countIncludePad: c.countIncludePad, ceilMode: c.ceilMode)
        }
    }

    @Test("ceil-mode output sizes and divisors, by hand")
    func ceilModeByHand() throws {
        // H = W = 4, kernel 2, stride 2, end pad 1: ceil((4 + 1 − 2) / 2) + 1 = 3, but the third window
        // would start at 4, inside the end padding, so it is dropped: 2 × 2.
        let x = Tensor(shape: [1, 1, 4, 4], scalars: (0..<16).map(Float.init))
        let pads = Padding2D(top: 0, left: 0, bottom: 1, right: 1)
        #expect(try MaxPool2D(kernel: 2, strides: 2, pads: pads, ceilMode: true).forward([x]).shape == [1, 1, 2, 2])
        // H = W = 3, kernel 2, stride 2, no pads, ceil: windows at 0 and 2; the second covers one
        // real row/column. Divisor without padding = real elements; with count_include_pad the
        // positions past the end padding still do not count.
        let x3 = Tensor(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        for includePad in [false, true] {
            let y = try AveragePool2D(kernel: 2, strides: 2, countIncludePad: includePad, ceilMode: true).forward([x3])
            expectClose(y, Tensor(shape: [1, 1, 2, 2], scalars: [3, 4.5, 7.5, 9]), "ceil-mode average, includePad \(includePad)")
        }
        // One pad on every side, kernel 3, stride 3: corner windows hold 4 real elements of 9 positions.
        let y = try AveragePool2D(kernel: 3, strides: 3, pads: .uniform(1), countIncludePad: true).forward([Tensor(repeating: 9, shape: [1, 1, 4, 4])])
        expectClose(y, Tensor(shape: [1, 1, 2, 2], scalars: [4, 4, 4, 4]), "count_include_pad corner windows")
    }

    @Test("max pool sends the gradient to the first maximum of a tied window")
    func maxPoolTies() throws {
        let x = Tensor(repeating: 1, shape: [1, 1, 2, 4])
        let op = MaxPool2D(kernel: 2, strides: 2)
        let y = try op.forward([x])
        let g = try op.backward([x], output: y, gradient: Tensor(shape: [1, 1, 1, 2], scalars: [3, 5]),
                                context: BackwardContext(needsGradient: [true]))
        expectClose(g[0]!, Tensor(shape: [1, 1, 2, 4], scalars: [3, 0, 5, 0, 0, 0, 0, 0]), "tie gradient")
    }

    @Test("global average pool matches the reference")
    func globalAveragePool() throws {
        var random = TestRandom(seed: 4)
        try checkOp(GlobalAveragePool(), [random.tensor([2, 3, 5, 4])]) { d in SpatialReference.globalAveragePool(d[0]) }
        try checkOp(GlobalAveragePool(), [random.tensor([2, 3, 7])]) { d in SpatialReference.globalAveragePool(d[0]) }
    }

    @Test("bad pooling inputs throw")
    func errors() {
        #expect(throws: ShapeError.self) { try MaxPool2D(kernel: 3).forward([Tensor.zeros([1, 1, 2, 2])]) }
        #expect(throws: ShapeError.self) { try MaxPool2D(kernel: 0).forward([Tensor.zeros([1, 1, 2, 2])]) }
        #expect(throws: ShapeError.self) { try AveragePool2D(kernel: 2).forward([Tensor.zeros([1, 4, 4])]) }
        #expect(throws: ShapeError.self) { try GlobalAveragePool().forward([Tensor.zeros([2, 3])]) }
    }
}
