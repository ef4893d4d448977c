import Foundation
import INVCore
import Testing

/// A matrix as `make_golden.py` writes it.
struct GoldenMatrix: Decodable {
    let rows: Int
    let columns: Int
    let values: [Double]
    var matrix: Matrix { Matrix(rows: rows, columns: columns, values: values) }
}

/// Reads a golden JSON file written by `Golden/make_golden.py` (beside this test target).
func golden<T: Decodable>(_ type: T.Type, _ file: String) throws -> T {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden").appendingPathComponent(file)
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise; the message names the first
/// failing index, both values and the largest difference.
func expectClose(_ actual: [Double], _ expected: [Double], rtol: Double = 1e-9, atol: Double = 1e-9,
                 _ what: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual.count == expected.count else {
        Issue.record("\(what()): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    var worst = 0.0, firstBad: Int?
    for i in actual.indices {
        let difference = abs(actual[i] - expected[i])
        worst = max(worst, difference.isNaN ? .infinity : difference)
        if firstBad == nil, !(difference <= atol + rtol * abs(expected[i])) { firstBad = i }
    }
    if let i = firstBad {
        Issue.record("\(what()): element \(i): got \(actual[i]), expected \(expected[i]) (|Δ| = \(abs(actual[i] - expected[i])), max |Δ| = \(worst), rtol \(rtol), atol \(atol))",
                     sourceLocation: sourceLocation)
    }
}

func expectClose(_ actual: Double, _ expected: Double, rtol: Double = 1e-9, atol: Double = 1e-9,
                 _ what: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
    expectClose([actual], [expected], rtol: rtol, atol: atol, what(), sourceLocation: sourceLocation)
}

/// Whether two labelings are the same partition up to renaming the labels; if not, the first
/// row where a consistent renaming breaks.
func firstPermutationMismatch(_ a: [Int], _ b: [Int]) -> Int? {
    guard a.count == b.count else { return 0 }
    var forward = [Int: Int](), backward = [Int: Int]()
    for i in a.indices {
        if let mapped = forward[a[i]], mapped != b[i] { return i }
        if let mapped = backward[b[i]], mapped != a[i] { return i }
        forward[a[i]] = b[i]
        backward[b[i]] = a[i]
    }
    return nil
}

/// Adjusted Rand index (Hubert & Arabie 1985) of two labelings.
func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
    func choose2(_ x: Int) -> Double { Double(x * (x - 1)) / 2 }
    var table = [[Int]: Int](), rowSums = [Int: Int](), columnSums = [Int: Int]()
    for (x, y) in zip(a, b) {
        table[[x, y], default: 0] += 1
        rowSums[x, default: 0] += 1
        columnSums[y, default: 0] += 1
    }
    let index = table.values.reduce(0) { $0 + choose2($1) }
    let rows = rowSums.values.reduce(0) { $0 + choose2($1) }, columns = columnSums.values.reduce(0) { $0 + choose2($1) }
    let expected = rows * columns / choose2(a.count), maximum = (rows + columns) / 2
    return maximum == expected ? 1 : (index - expected) / (maximum - expected)
}

/// Uniform random rows for tests, from a fixed seed.
func randomMatrix(rows: Int, columns: Int, seed: UInt64) -> Matrix {
    var random = SeededRandom(seed: seed)
    return Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in random.uniform() })
}
