import Foundation
import Testing
@testable import INVModels

/// The official ONNX backend tests (Debian `libonnx-testdata`) for every supported op, compared
/// at the backend-test tolerances (rtol 1e-3, atol 1e-7). Prints a pass/fail/skip summary.
@Suite struct ConformanceTests {
    @Test(arguments: ["node", "pytorch-converted"])
    func backendSuite(_ suite: String) throws {
        let cases = BackendTestCase.all(in: suite)
        guard !cases.isEmpty else {
            print("[conformance] \(suite): no test data under \(BackendTestCase.dataRoot.path) — install libonnx-testdata; skipped")
            return
        }
        var passed: [String] = [], folded: [String] = [], failed: [(String, String)] = [], skipped: [String: [String]] = [:]
        var missingOps: [String: Int] = [:]
        for testCase in cases {
            let unsupported = try testCase.unsupportedOps()
            if !unsupported.isEmpty {
                for op in unsupported { missingOps[op, default: 0] += 1 }
                skipped["unsupported op", default: []].append(testCase.name)
                continue
            }
            let outcome = testCase.run()
            let failure = outcome.failure
            if let reason = conformanceSkipList[testCase.name] {
                skipped[reason, default: []].append(testCase.name)
                if failure == nil {
                    Issue.record("\(testCase) passes but is in the skip list (\(reason)); remove it from the list")
                }
                continue
            }
            if let failure {
                failed.append((testCase.name, failure))
                Issue.record("\(testCase): \(failure)")
            } else {
                passed.append(testCase.name)
                if outcome.folded { folded.append(testCase.name) }
            }
        }
        let skipCount = skipped.values.reduce(0) { $0 + $1.count }
        var report = "[conformance] \(suite): \(passed.count) passed, \(failed.count) failed, \(skipCount) skipped (of \(cases.count))\n"
        report += "  \(folded.count) of the passes ran with every input bound at load time (ops INVKit folds but the "
            + "engine lacks): \(folded.joined(separator: ", "))\n"
        for (name, failure) in failed { report += "  FAIL \(name): \(failure)\n" }
        for (reason, names) in skipped.sorted(by: { $0.key < $1.key }) where reason != "unsupported op" {
            report += "  skip (\(reason)): \(names.joined(separator: ", "))\n"
        }
        let ops = missingOps.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        report += "  skip (unsupported op) \(skipped["unsupported op"]?.count ?? 0) tests; ops: "
            + ops.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
        print(report)
    }
}
