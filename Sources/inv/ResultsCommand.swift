import ArgumentParser
import Foundation
import INVRunner

/// `inv results merge DIR`: rebuild the tables and the report from every point on disk.
struct ResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Work with a results directory.",
        subcommands: [Merge.self])

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild tables/ and report.html from all points in DIR (e.g. after sharded runs).")

        @Argument(help: "A results directory, e.g. Results/ablation.")
        var directory: String

        func run() throws {
            for url in try ResultsWriter.write(ResultsLayout(root: URL(fileURLWithPath: directory))) { print(url.path) }
        }
    }
}
