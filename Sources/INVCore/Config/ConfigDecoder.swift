/// Decodes `Decodable` values from a ``ConfigValue`` tree **strictly**: a key that the type does not
/// declare is an error naming its full path, the allowed keys and the closest match; a value of the
/// wrong type names the type expected.
///
/// Types whose `CodingKeys` are `CaseIterable` get the list of allowed keys in the message.
public enum ConfigDecoder {
    public static func decode<T: Decodable>(_ type: T.Type, from value: ConfigValue, path: [CodingKey] = []) throws -> T {
        do {
            return try T(from: TreeDecoder(value: value, codingPath: path))
        } catch let error as ConfigError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            throw ConfigError(path: render(context.codingPath), message: "missing required key '\(key.stringValue)'")
        } catch let DecodingError.dataCorrupted(context) {
            throw ConfigError(path: render(context.codingPath), message: context.debugDescription)
        } catch let DecodingError.typeMismatch(_, context) {
            throw ConfigError(path: render(context.codingPath), message: context.debugDescription)
        } catch let DecodingError.valueNotFound(_, context) {
            throw ConfigError(path: render(context.codingPath), message: context.debugDescription)
        }
    }

    /// `inv.reducers[1].perplexity`
    public static func render(_ path: [CodingKey]) -> String {
        path.reduce("") { text, key in
            if let i = key.intValue, key.stringValue == "Index \(i)" || key.stringValue == "\(i)" { return text + "[\(i)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }
}

public struct IndexKey: CodingKey {
    public var stringValue: String { "\(intValue!)" }
    public var intValue: Int?
    public init(_ i: Int) { intValue = i }
    public init?(stringValue: String) { nil }
    public init?(intValue: Int) { self.intValue = intValue }
}

private struct TreeDecoder: Decoder {
    let value: ConfigValue
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw ConfigError(path: ConfigDecoder.render(codingPath), message: "expected a mapping, got \(value.typeName) '\(value)'")
        }
        let allowed = (Key.self as? any CaseIterable.Type).map { allKeys(of: $0) }
        for key in object.keys.sorted() where Key(stringValue: key) == nil {
            let path = ConfigDecoder.render(codingPath + [AnyKey(key)])
            var message = "unknown key '\(key)'"
            if let allowed {
                message += "; allowed keys: \(allowed.joined(separator: ", ")).\(didYouMean(key, among: allowed))"
            }
            throw ConfigError(path: path, message: message)
        }
        return KeyedDecodingContainer(KeyedTree<Key>(object: object, codingPath: codingPath))
    }

    private func allKeys(of type: any CaseIterable.Type) -> [String] {
        func names<C: CaseIterable>(_: C.Type) -> [String] { C.allCases.compactMap { ($0 as? CodingKey)?.stringValue } }
        return names(type)
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .array(let items) = value else {
            throw ConfigError(path: ConfigDecoder.render(codingPath), message: "expected a list, got \(value.typeName) '\(value)'")
        }
        return UnkeyedTree(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { SingleTree(value: value, codingPath: codingPath) }
}

public struct AnyKey: CodingKey {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ s: String) { stringValue = s }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

private struct KeyedTree<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: ConfigValue]
    let codingPath: [CodingKey]
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func child(_ key: Key) throws -> TreeDecoder {
        guard let v = object[key.stringValue] else {
            throw ConfigError(path: ConfigDecoder.render(codingPath + [key]), message: "missing required key '\(key.stringValue)'")
        }
        return TreeDecoder(value: v, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { object[key.stringValue].map { $0 == .null } ?? true }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decodeChecked(T.self, child(key)) }
    func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
        try child(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> Decoder { TreeDecoder(value: .object(object), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> Decoder { try child(key) }
}

private struct UnkeyedTree: UnkeyedDecodingContainer {
    let items: [ConfigValue]
    let codingPath: [CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [ConfigValue], codingPath: [CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    private mutating func next() throws -> TreeDecoder {
        guard !isAtEnd else {
            throw ConfigError(path: ConfigDecoder.render(codingPath), message: "list has only \(items.count) items")
        }
        defer { currentIndex += 1 }
        return TreeDecoder(value: items[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeChecked(T.self, next()) }
    mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) throws -> KeyedDecodingContainer<N> { try next().container(keyedBy: type) }
    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> Decoder { try next() }
}

private struct SingleTree: SingleValueDecodingContainer {
    let value: ConfigValue
    let codingPath: [CodingKey]

    private func mismatch(_ expected: String) -> ConfigError {
        ConfigError(path: ConfigDecoder.render(codingPath), message: "expected \(expected), got \(value.typeName) '\(value)'")
    }

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch("a boolean (true/false)") }
        return b
    }
    func decode(_ type: String.Type) throws -> String {
        guard case .string(let s) = value else { throw mismatch("a string") }
        return s
    }
    func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: throw mismatch("a number")
        }
    }
    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int {
        switch value {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 1e15: return Int(d)
        default: throw mismatch("an integer")
        }
    }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger() }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger() }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger() }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger() }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger() }
    private func decodeInteger<T: BinaryInteger>() throws -> T {
        let i = try decode(Int.self)
        guard let v = T(exactly: i) else { throw mismatch("an integer in the range of \(T.self)") }
        return v
    }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeChecked(T.self, TreeDecoder(value: value, codingPath: codingPath)) }
}

/// Decodes `T`; for a string enum (`CaseIterable`, `String` raw values, e.g. a linkage) a value that
/// is not a case is an error listing the cases with a suggestion.
private func decodeChecked<T: Decodable>(_ type: T.Type, _ decoder: TreeDecoder) throws -> T {
    if case .string(let text) = decoder.value, let names = caseNames(of: T.self), !names.contains(text) {
        throw ConfigError(path: ConfigDecoder.render(decoder.codingPath),
                          message: "expected one of \(names.joined(separator: ", ")), got '\(text)'.\(didYouMean(text, among: names))")
    }
    return try T(from: decoder)
}

private func caseNames<T>(of type: T.Type) -> [String]? {
    guard let enumType = type as? any (CaseIterable & RawRepresentable).Type else { return nil }
    func names<E: CaseIterable & RawRepresentable>(_: E.Type) -> [String] { E.allCases.compactMap { $0.rawValue as? String } }
    let found = names(enumType)
    return found.isEmpty ? nil : found
}
