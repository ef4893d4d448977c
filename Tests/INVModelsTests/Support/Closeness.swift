import Testing
import INVEngine

/// The ONNX backend-test comparison (`numpy.testing.assert_allclose` with `equal_nan`):
/// `|actual − expected| ≤ atol + rtol·|expected|` elementwise; NaN matches NaN, ±∞ match themselves.
/// Returns nil when close, otherwise a message with the first failing index, both values and the
/// largest difference.
func closenessFailure(_ actual: Tensor, _ expected: Tensor, rtol: Float = 1e-3, atol: Float = 1e-7) -> String? {
    guard actual.shape == expected.shape else { return "shape \(actual.shape), expected \(expected.shape)" }
    var worst: Float = 0, firstBad: Int?
    for i in 0..<expected.count {
        let a = actual.scalars[i], b = expected.scalars[i]
        if a.isNaN && b.isNaN { continue }
        if a.isInfinite || b.isInfinite {
            if a != b, firstBad == nil { firstBad = i }
            continue
        }
        let diff = abs(a - b)
        worst = max(worst, diff)
        if firstBad == nil && !(diff <= atol + rtol * abs(b)) { firstBad = i }
    }
    guard let i = firstBad else { return nil }
    return "element \(i): got \(actual.scalars[i]), expected \(expected.scalars[i]) "
        + "(|Δ| = \(abs(actual.scalars[i] - expected.scalars[i])), max |Δ| = \(worst), rtol \(rtol), atol \(atol))"
}

/// Records an issue naming the first differing element unless `actual` matches `expected`
/// (shape and values within `rtol`/`atol`).
func expectClose(_ actual: Tensor?, _ expected: Tensor, rtol: Float = 1e-5, atol: Float = 1e-6,
                 _ what: String = "tensor", sourceLocation: SourceLocation = #_sourceLocation) {
    guard let actual else {
        Issue.record("\(what): missing", sourceLocation: sourceLocation)
        return
    }
    if let failure = closenessFailure(actual, expected, rtol: rtol, atol: atol) {
        Issue.record("\(what): \(failure)", sourceLocation: sourceLocation)
    }
}

/// ``expectClose(_:_:rtol:atol:_:sourceLocation:)`` against values of the same shape as `actual`.
func expectClose(_ actual: Tensor?, _ expected: [Float], rtol: Float = 1e-5, atol: Float = 1e-6,
                 _ what: String = "tensor", sourceLocation: SourceLocation = #_sourceLocation) {
    expectClose(actual, Tensor(shape: actual?.shape ?? [expected.count], scalars: expected), rtol: rtol, atol: atol,
                what, sourceLocation: sourceLocation)
}
