import ArgumentParser

/// The `inv` command line: one subcommand per verb; each decodes its flags and calls the library.
@main
struct INV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inv",
        abstract: "Interpretable Network Visualizations: explain CNN image classifiers on the CPU.",
        version: "0.1.0",
        subcommands: [PredictCommand.self, ExplainCommand.self, EvaluateCommand.self, ModelsCommand.self, PluginsCommand.self])
}
