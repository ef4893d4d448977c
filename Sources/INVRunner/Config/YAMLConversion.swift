import Foundation
import INVCore
import Yams

/// YAML text ⇄ ``ConfigValue``, keeping YAML 1.1 core-schema types apart: `30` is an integer,
/// `30.0` a number, `true` a boolean, `'30'` a string.
public enum YAMLConversion {
    /// Parses one YAML document. An empty document is an empty mapping.
    /// - Parameter source: names the file in error messages.
    public static func parse(_ text: String, source: String) throws -> ConfigValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(path: "", message: "\(source): not valid YAML: \(error)")
        }
        guard let node else { return .object([:]) }
        return try value(of: node, path: [], source: source)
    }

    /// The value of one YAML node; `path` names it in errors (a duplicate key, a non-string key).
    static func value(of node: Node, path: [CodingKey], source: String) throws -> ConfigValue {
        switch node {
        case .scalar(let scalar):
            return scalarValue(scalar, tag: node.tag)
        case .sequence(let sequence):
            return .array(try sequence.enumerated().map { i, item in
                try value(of: item, path: path + [IndexKey(i)], source: source)
            })
        case .mapping(let mapping):
            var object: [String: ConfigValue] = [:]
            for (keyNode, item) in mapping {
                guard case .scalar(let key) = keyNode else {
                    throw ConfigError(path: ConfigDecoder.render(path), message: "\(source): mapping keys must be plain strings")
                }
                let childPath = path + [AnyKey(key.string)]
                guard object[key.string] == nil else {
                    throw ConfigError(path: ConfigDecoder.render(childPath), message: "\(source): duplicate key '\(key.string)'")
                }
                object[key.string] = try value(of: item, path: childPath, source: source)
            }
            return .object(object)
        }
    }

    private static func scalarValue(_ scalar: Node.Scalar, tag: Tag) -> ConfigValue {
        let node = Node.scalar(scalar)
        switch tag {
        case Tag(.null): return .null
        case Tag(.bool): return node.bool.map(ConfigValue.bool) ?? .string(scalar.string)
        case Tag(.int): return node.int.map(ConfigValue.int) ?? .string(scalar.string)
        case Tag(.float): return node.float.map(ConfigValue.double) ?? .string(scalar.string)
        default: return .string(scalar.string)
        }
    }

    /// YAML text of a value, mappings with sorted keys; strings that would read back as another
    /// type (`'30'`, `'true'`, `''`) are quoted.
    public static func render(_ value: ConfigValue) throws -> String {
        try Yams.serialize(node: node(of: value), sortKeys: true)
    }

    static func node(of value: ConfigValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .int(let i): return Node(String(i), Tag(.int))
        case .double(let d): return Node(d.isFinite ? "\(d)" : (d.isNaN ? ".nan" : (d > 0 ? ".inf" : "-.inf")), Tag(.float))
        case .string(let s):
            let plain = Node(s)
            return Resolver.default.resolveTag(of: plain) == .str && !s.isEmpty ? plain : Node(s, Tag(.str), .doubleQuoted)
        case .array(let items): return Node(items.map(node(of:)))
        case .object(let object): return Node(object.keys.sorted().map { (Node($0), node(of: object[$0]!)) })
        }
    }
}
