import INVCore

/// A path into a config tree as written in `grid:` and `--set`: `inv.reducers[1].perplexity`.
public struct KeyPath: Sendable, Hashable, CustomStringConvertible, Comparable {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public let components: [Component]
    public let description: String

    /// Parses `a.b[2].c`; keys may hold letters, digits, `-` and `_`.
    public init(_ text: String) throws {
        var components: [Component] = []
        let bad = ConfigError(path: text, message: "not a key path; expected keys separated by '.' with optional [index], e.g. inv.reducers[1].perplexity")
        for segment in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(segment)
            let bracket = rest.firstIndex(of: "[") ?? rest.endIndex
            let key = rest[..<bracket]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { throw bad }
            components.append(.key(String(key)))
            rest = rest[bracket...]
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                      let i = Int(rest[rest.index(after: rest.startIndex)..<close]), i >= 0 else { throw bad }
                components.append(.index(i))
                rest = rest[rest.index(after: close)...]
            }
        }
        self.components = components
        description = text
    }

    public static func < (a: KeyPath, b: KeyPath) -> Bool { a.description < b.description }

    /// `tree` with the value at this path replaced by `value`. Missing mapping keys are created (the
    /// strict decoder then rejects keys the schema does not have); list indices must exist.
    public func setting(_ value: ConfigValue, in tree: ConfigValue) throws -> ConfigValue {
        try set(value, in: tree, at: components[...], walked: [])
    }

    private func set(_ value: ConfigValue, in tree: ConfigValue, at rest: ArraySlice<Component>, walked: [CodingKey]) throws -> ConfigValue {
        guard let first = rest.first else { return value }
        switch (first, tree) {
        case (.key(let key), .object(var object)):
            object[key] = try set(value, in: object[key] ?? .null, at: rest.dropFirst(), walked: walked + [AnyKey(key)])
            return .object(object)
        case (.key(let key), .null):
            return .object([key: try set(value, in: .null, at: rest.dropFirst(), walked: walked + [AnyKey(key)])])
        case (.index(let i), .array(var items)):
            guard i < items.count else {
                throw ConfigError(path: ConfigDecoder.render(walked + [IndexKey(i)]),
                                  message: "index out of range: the list has \(items.count) items (in key path '\(description)')")
            }
            items[i] = try set(value, in: items[i], at: rest.dropFirst(), walked: walked + [IndexKey(i)])
            return .array(items)
        case (.key, _):
            throw ConfigError(path: ConfigDecoder.render(walked),
                              message: "cannot set '\(description)': this is \(tree.typeName), not a mapping")
        case (.index, _):
            throw ConfigError(path: ConfigDecoder.render(walked),
                              message: "cannot set '\(description)': this is \(tree.typeName), not a list")
        }
    }
}

/// One `--set key.path=value` override; the value is read as YAML (`10`, `ward`, `[2, 5]`).
public struct Override: Sendable, Equatable {
    public var path: KeyPath
    public var value: ConfigValue

    public init(path: KeyPath, value: ConfigValue) {
        self.path = path
        self.value = value
    }

    public init(_ text: String) throws {
        guard let equals = text.firstIndex(of: "=") else {
            throw ConfigError(path: "", message: "--set '\(text)': expected key.path=value")
        }
        path = try KeyPath(String(text[..<equals]))
        value = try YAMLConversion.parse(String(text[text.index(after: equals)...]), source: "--set \(path)")
        if value == .object([:]), text.hasSuffix("=") { value = .string("") }
    }
}
