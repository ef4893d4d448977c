import Foundation
import Testing

/// Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise; the message names the first
/// failing index, both values and the largest difference.
func expectClose(_ actual: [Float], _ expected: [Float], rtol: Float = 0, atol: Float, _ what: @autoclosure () -> String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual.count == expected.count else {
        Issue.record("\(what()): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    var worst: Float = 0, firstBad: Int?
    for index in actual.indices {
        let difference = abs(actual[index] - expected[index])
        worst = difference.isNaN ? .nan : max(worst, difference)
        if firstBad == nil && !(difference <= atol + rtol * abs(expected[index])) { firstBad = index }
    }
    if let index = firstBad {
        let difference = abs(actual[index] - expected[index])
        Issue.record("""
            \(what()): element \(index): got \(actual[index]), expected \(expected[index]) \
            (|Δ| = \(difference), max |Δ| = \(worst), rtol \(rtol), atol \(atol))
            """, sourceLocation: sourceLocation)
    }
}

/// The folder of golden files and the scripts that made them.
let goldenDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")
