import ArgumentParser
import Foundation
import INVRunner

/// `inv run CONFIG`: validates everything, then explains every (point, image) of the grid, resuming
/// completed work, and writes the tables and the HTML report.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment config: ANVs per grid point and image, tables (CSV, Markdown, LaTeX) and report.html.")

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: "Results directory (default: Results/<name> from the config).")
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Run only the I-th of N disjoint slices of the work (0 ≤ I < N); merge with 'inv results merge'.", valueName: "I/N"))
    var shard: String?

    @Flag(name: .long, help: "Keep network passes (activations and gradients, float32) under DIR/cache/ so later runs and other shards reuse them; can take much disk space for early layers.")
    var diskCache = false

    func validate() throws {
        if let shard { _ = try Shard(shard) }
    }

    func run() throws {
        let plan = try options.plan(.standard)
        let root = URL(fileURLWithPath: out ?? "Results/\(plan.experiment.config.name)")
        let layout = ResultsLayout(root: root)
        let runner = Runner(plan: plan, layout: layout, plugins: Registries.standard.runnerPlugins, shard: try shard.map(Shard.init),
                            diskCache: diskCache)
        let bar = TerminalProgressBar()
        let summary = try runner.run(log: bar.log, progress: bar.reporter)
        log("done: \(summary.done) jobs run, \(summary.resumed) already complete, \(summary.failed) failed; "
            + "\(summary.networkPasses) network passes run, \(summary.cachedPasses) reused from memory, \(summary.passesFromDisk) read from disk")
        if shard == nil {
            let labels = plan.experiment.config.labels.map {
                LabelsStage(config: $0, plugins: Registries.standard.runnerPlugins, expansion: ConfigOptions.expansion)
            }
            if let labels { log(try labels.run(layout: layout)) }
            let validators = plan.experiment.config.validators
            if !validators.isEmpty {
                for line in try ValidationStage(configs: validators, plugins: Registries.standard.runnerPlugins,
                                                expansion: ConfigOptions.expansion).run(plan: plan, layout: layout) { log(line) }
                if let labels { log(try labels.addValidation(layout: layout)) }
            }
            try ResultsWriter.write(layout)
            log("report: \(layout.report.path)")
        } else {
            log("shard \(shard!) finished; when all shards are done: inv results merge \(root.path)")
        }
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
