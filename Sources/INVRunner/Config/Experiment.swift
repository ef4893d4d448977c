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
        try checkPlaceholders(in: tree, path: [])
        let points = try GridExpansion.points(of: config, base: tree.removing(["grid", "zip"]), plugins: plugins)
        config.inv = try plugins.withDefaults(config.inv)
        return Experiment(config: config, resolved: try ConfigValue(encoding: config), points: points)
    }

    /// Template configs mark what the user must fill in with `FILL-ME: …`.
    static func checkPlaceholders(in value: ConfigValue, path: [CodingKey]) throws {
        switch value {
        case .string(let s) where s.hasPrefix("FILL-ME"):
            let what = s.dropFirst("FILL-ME".count).drop { $0 == ":" || $0 == " " }
            let key = ConfigDecoder.render(path)
            throw ConfigError(path: key, message: "placeholder not filled in: \(what); edit the config or pass --set \(key)=…")
        case .array(let items):
            for (i, item) in items.enumerated() { try checkPlaceholders(in: item, path: path + [IndexKey(i)]) }
        case .object(let object):
            for key in object.keys.sorted() { try checkPlaceholders(in: object[key]!, path: path + [AnyKey(key)]) }
        default:
            break
        }
    }
}
