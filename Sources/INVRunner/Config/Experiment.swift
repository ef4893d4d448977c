import Foundation
import INVCore

/// A config file read, overridden, decoded strictly and expanded into validated grid points —
/// everything `inv validate` checks that does not need the model or the images.
public struct Experiment: Sendable {
    /// The experiment as written (with `--set` applied), including `grid` and `zip`.
    public var config: RunConfig
    /// The config tree with every default stated, as written to `config.resolved.yaml`.
    public var resolved: ConfigValue
    public var points: [GridPoint]

    /// Reads and validates `file`.
    public static func load(file: URL, overrides: [Override] = [], plugins: RunnerPlugins) throws -> Experiment {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw ConfigError(path: "", message: "cannot read config file '\(file.path)'")
        }
        return try load(yaml: text, source: file.lastPathComponent, overrides: overrides, plugins: plugins)
    }

    /// Parses `yaml`, decodes it strictly, lays the overrides over it (after the defaults are filled
    /// in, so `--set inv.reducers[1].perplexity=10` reaches a default t-SNE), and expands the grid.
    public static func load(yaml: String, source: String, overrides: [Override] = [], plugins: RunnerPlugins) throws -> Experiment {
        let written = try YAMLConversion.parse(yaml, source: source)
        var tree = try ConfigValue(encoding: try ConfigDecoder.decode(RunConfig.self, from: written))
        for override in overrides { tree = try override.path.setting(override.value, in: tree) }
        var config = try ConfigDecoder.decode(RunConfig.self, from: tree)
        try checkPlaceholders(in: tree)
        let points = try GridExpansion.points(of: config, base: tree.removing(["grid", "zip"]), plugins: plugins)
        config.inv = try plugins.withDefaults(config.inv)
        config.baselines = try plugins.withDefaults(config.baselines, plugins.explainers)
        config.metrics = try plugins.withDefaults(config.metrics, plugins.metrics)
        config.validators = try plugins.withDefaults(config.validators)
        return Experiment(config: config, resolved: try ConfigValue(encoding: config), points: points)
    }

    /// Template configs mark what the user must fill in with `FILL-ME: …`; all unfilled ones are named at once.
    static func checkPlaceholders(in tree: ConfigValue) throws {
        var found: [(key: String, what: Substring)] = []
        func visit(_ value: ConfigValue, _ path: [CodingKey]) {
            switch value {
            case .string(let s) where s.hasPrefix("FILL-ME"):
                found.append((ConfigDecoder.render(path), s.dropFirst("FILL-ME".count).drop { $0 == ":" || $0 == " " }))
            case .array(let items):
                for (i, item) in items.enumerated() { visit(item, path + [IndexKey(i)]) }
            case .object(let object):
                for key in object.keys.sorted() { visit(object[key]!, path + [AnyKey(key)]) }
            default:
                break
            }
        }
        visit(tree, [])
        guard let first = found.first else { return }
        if found.count == 1 {
            throw ConfigError(path: first.key, message: "placeholder not filled in: \(first.what); edit the config or pass --set \(first.key)=…")
        }
        throw ConfigError(path: "", message: "placeholders not filled in: " + found.map { "\($0.key) (\($0.what))" }.joined(separator: "; ")
                          + "; edit the config or pass --set " + found.map { "\($0.key)=…" }.joined(separator: " --set "))
    }
}
