import ArgumentParser
import INVRunner

/// The `inv` command line: one subcommand per verb; each decodes its flags and calls the library.
@main
struct INV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inv",
        abstract: "Interpretable Network Visualizations: explain CNN image classifiers on the CPU.",
        version: INVKitVersion.current,
        subcommands: [PredictCommand.self, ExplainCommand.self, EvaluateCommand.self, RunCommand.self, ValidateCommand.self,
                      ResultsCommand.self, ModelsCommand.self, PluginsCommand.self, EmbedCommand.self])
}
