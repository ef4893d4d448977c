import Foundation
import INVEngine
import Testing
@testable import INVModels

@Suite struct DenseRowsTests {
    private func values(_ count: Int, seed: Int) -> [Float] {
        (0..<count).map { Float(($0 * 7919 + seed * 104_729) % 2003) / 1001.5 - 1 }
    }

    /// Blocked rows give `x·Wᵀ + b` (and its GELU) as MatMul, Elementwise and Unary do, across block edges.
    @Test(arguments: [1, 5, 33, 130])
    func matchesMatMulAddAndGelu(rows: Int) throws {
        let x = Tensor(shape: [rows, 24], scalars: values(rows * 24, seed: 1))
        let w = Tensor(shape: [40, 24], scalars: values(40 * 24, seed: 2))
        let b = Tensor(shape: [40], scalars: values(40, seed: 3))
        let reference = try Elementwise(.add).forward([MatMul(transposeB: true).forward([x, w]), b])
        let plain = try DenseRows.apply(x, weight: w, bias: b)
        expectClose(plain.scalars, reference.scalars, atol: 1e-5, "x·Wᵀ + b, \(rows) rows")
        let activated = try DenseRows.apply(x, weight: w, bias: b, gelu: true)
        expectClose(activated.scalars, try Unary(.gelu).forward([reference]).scalars, atol: 1e-5, "GELU, \(rows) rows")
        #expect(plain.shape == [rows, 40])
    }

    @Test func rejectsMismatchedShapes() {
        let w = Tensor.zeros([4, 3]), b = Tensor.zeros([4])
        #expect(throws: ShapeError.self) { try DenseRows.apply(Tensor.zeros([2, 5]), weight: w, bias: b) }
        #expect(throws: ShapeError.self) { try DenseRows.apply(Tensor.zeros([2, 3]), weight: w, bias: Tensor.zeros([3])) }
    }
}

@Suite struct FastErfTests {
    /// The rational erf of the fused GELU stays within 5·10⁻⁷ of libm's erf on [−6, 6].
    @Test func matchesLibmErf() {
        var worst: Float = 0, worstAt: Float = 0
        for i in -6000...6000 {
            let x = Float(i) / 1000
            let difference = abs(DenseRows.fastErf(x) - Foundation.erf(x))
            if difference > worst { worst = difference; worstAt = x }
        }
        #expect(worst <= 5e-7, "max |Δ| \\(worst) at x = \\(worstAt)")
    }
}
