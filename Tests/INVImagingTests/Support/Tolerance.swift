import Testing

/// Checks `|actual − expected| ≤ tolerance` elementwise and returns the largest difference.
/// A failure names the first offending index, both values and the largest difference.
@discardableResult
func expectClose(_ actual: [Float], _ expected: [Float], tolerance: Float, _ what: @autoclosure () -> String,
                 sourceLocation: SourceLocation = #_sourceLocation) -> Float {
    guard actual.count == expected.count else {
        Issue.record("\(what()): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return .infinity
    }
    var largest: Float = 0
    var firstFailure: Int?
    for i in actual.indices {
        let difference = abs(actual[i] - expected[i])
        guard difference <= tolerance else {  // NaN lands here too
            if firstFailure == nil { firstFailure = i }
            largest = .maximum(largest, difference.isNaN ? .infinity : difference)
            continue
        }
        largest = max(largest, difference)
    }
    if let i = firstFailure {
        Issue.record("\(what()): index \(i): \(actual[i]) vs expected \(expected[i]) (difference \(abs(actual[i] - expected[i])) > \(tolerance)); largest difference \(largest)",
                     sourceLocation: sourceLocation)
    }
    return largest
}
