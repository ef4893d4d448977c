import ArgumentParser

/// `inv plugins [FAMILY]`: every plugin with its parameters, defaults and one-line doc.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the plugins of every family (or one), with parameters and defaults.")

    @Argument(help: "A family: weighting, reducer, clusterer, k-selection, label-embedder, explainer, metric.")
    var family: String?

    func validate() throws {
        let names = Registries.standard.families.map(\.name)
        if let family, !names.contains(family) {
            throw ValidationError("unknown plugin family '\(family)'; families: \(names.joined(separator: ", "))")
        }
    }

    func run() throws {
        for f in Registries.standard.families where family == nil || f.name == family {
            print("\(f.name)  (config key: \(f.key))")
            for p in f.entries {
                print("  \(p.name) — \(p.summary)")
                for parameter in p.parameters {
                    print("      \(parameter.name) = \(parameter.value)\(parameter.doc.isEmpty ? "" : "  — \(parameter.doc)")")
                }
            }
            print("")
        }
    }
}
