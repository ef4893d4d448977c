import Foundation

/// A configuration value as read from YAML or JSON, before it is decoded into typed parameters.
public enum ConfigValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue])

    /// `base` with `overrides` laid over it: objects merge key by key, anything else is replaced.
    public static func merge(_ base: ConfigValue, _ overrides: ConfigValue) -> ConfigValue {
        guard case .object(var merged) = base, case .object(let top) = overrides else { return overrides }
        for (key, value) in top { merged[key] = merged[key].map { merge($0, value) } ?? value }
        return .object(merged)
    }

    /// A short name of the value's type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "a mapping"
        }
    }

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .int(let i): "\(i)"
        case .double(let d): "\(d)"
        case .string(let s): s
        case .array(let a): "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): "{" + o.keys.sorted().map { "\($0): \(o[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A configuration error: the key path (`inv.reducers[1].perplexity`) and what was expected.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// The closest candidates to a misspelled name (edit distance ≤ max(2, length/3)), closest first.
public func suggestions(for name: String, among candidates: [String]) -> [String] {
    let target = Array(name.lowercased())
    let limit = max(2, target.count / 3)
    var scored: [(name: String, distance: Int)] = []
    for candidate in candidates {
        let d = editDistance(target, Array(candidate.lowercased()))
        if d <= limit { scored.append((candidate, d)) }
    }
    scored.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.name < $1.name) }
    return scored.map(\.name)
}

/// Levenshtein distance.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    guard !a.isEmpty else { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + [Int](repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        previous = current
    }
    return previous[b.count]
}

/// "Did you mean 'x'?" or an empty string.
public func didYouMean(_ name: String, among candidates: [String]) -> String {
    guard let best = suggestions(for: name, among: candidates).first else { return "" }
    return " Did you mean '\(best)'?"
}

extension ConfigValue: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([ConfigValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: ConfigValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// The value of an `Encodable` (e.g. a parameter struct's defaults) as a configuration tree.
    public init(encoding value: some Encodable) throws {
        let data = try JSONEncoder().encode(value)
        self = try JSONDecoder().decode(ConfigValue.self, from: data)
    }
}
