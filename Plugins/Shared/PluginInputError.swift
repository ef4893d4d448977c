import INVCore

/// Input a numeric plugin cannot work with (too few rows, labels that do not match the rows, a
/// non-finite value, …). The message names the plugin and what it expected.
public struct PluginInputError: Error, CustomStringConvertible, Equatable {
    /// The registered name of the plugin that rejected the input (`tsne`, `silhouette`, …).
    public let plugin: String
    public let message: String

    public init(plugin: String, _ message: String) {
        self.plugin = plugin
        self.message = message
    }

    public var description: String { "\(plugin): \(message)" }
}

extension Matrix {
    /// Throws unless every value is finite (NaN or ±∞ would poison distances and eigenvectors).
    func requireFinite(for plugin: String) throws {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw PluginInputError(plugin: plugin, "value at row \(index / Swift.max(columns, 1)), column \(index % Swift.max(columns, 1)) is \(values[index]); every value must be finite")
        }
    }
}
