/// One family's plugins, listed explicitly where the program starts and passed down (no global
/// registration). `make` resolves a ``PluginSpec`` strictly: an unknown plugin name lists the
/// family and suggests the closest name; unknown parameters are errors with their key path.
public struct PluginFamily<Product>: Sendable {
    public struct Entry: Sendable {
        public let name: String
        public let summary: String
        /// Default parameter values, as they appear in a config.
        public let defaults: ConfigValue
        public let docs: [String: String]
        let make: @Sendable (ConfigValue, [CodingKey]) throws -> Product
    }

    /// The family's name as used in messages and `inv plugins` ("reducer", "clusterer").
    public let name: String
    public let entries: [Entry]

    public init(_ name: String, _ entries: [Entry]) {
        self.name = name
        self.entries = entries
    }

    public var names: [String] { entries.map(\.name) }

    public func entry(named plugin: String, path: String = "") throws -> Entry {
        if let entry = entries.first(where: { $0.name == plugin }) { return entry }
        throw ConfigError(path: path, message: "unknown \(name) '\(plugin)'; available: \(names.joined(separator: ", ")).\(didYouMean(plugin, among: names))")
    }

    /// Builds the plugin a spec names, with the spec's parameters laid over the defaults.
    public func make(_ spec: PluginSpec, path: [CodingKey] = []) throws -> Product {
        let entry = try entry(named: spec.plugin, path: ConfigDecoder.render(path))
        if case .object(let defaults) = entry.defaults {
            let allowed = defaults.keys.sorted()
            for key in spec.parameters.keys.sorted() where defaults[key] == nil {
                let known = allowed.isEmpty ? "\(name) '\(spec.plugin)' takes no parameters" : "allowed keys: plugin, \(allowed.joined(separator: ", "))."
                throw ConfigError(path: ConfigDecoder.render(path + [AnyKey(key)]),
                                  message: "unknown key '\(key)'; \(known)\(didYouMean(key, among: allowed))")
            }
        }
        let merged = ConfigValue.merge(entry.defaults, .object(spec.parameters))
        return try entry.make(merged, path)
    }
}

extension PluginFamily.Entry {
    /// The registry entry for plugin type `P`, producing it as the family's product type. `cast`
    /// may bind what the composition root passes down (e.g. other registries) and may throw.
    public init<P: Plugin>(_ type: P.Type, as cast: @escaping @Sendable (P) throws -> Product) {
        name = P.name
        summary = P.summary
        defaults = (try? ConfigValue(encoding: P.Parameters())) ?? .object([:])
        docs = P.parameterDocs
        make = { value, path in
            let parameters = try ConfigDecoder.decode(P.Parameters.self, from: value, path: path)
            do { return try cast(try P(parameters: parameters)) } catch let error as ConfigError { throw error } catch {
                throw ConfigError(path: ConfigDecoder.render(path), message: "\(error)")
            }
        }
    }
}
