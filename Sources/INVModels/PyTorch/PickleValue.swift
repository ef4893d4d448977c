/// A Python value rebuilt from a pickle stream as plain data: no Python code runs and no class is
/// instantiated. Calls (`REDUCE`, `NEWOBJ`) are kept as ``PickleObject`` values for the reader that
/// knows what they mean (for example `torch._utils._rebuild_tensor_v2`).
///
/// Reference: Python's `Lib/pickle.py` and `Lib/pickletools.py` (the opcode documentation).
indirect enum PickleValue: Sendable, Equatable {
    case none
    case bool(Bool)
    /// An integer that fits in 64 bits.
    case int(Int)
    /// An integer too large for 64 bits, as its little-endian two's-complement bytes (`LONG1`/`LONG4`).
    case largeInt([UInt8])
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case tuple([PickleValue])
    case list([PickleValue])
    /// A dict with its keys in insertion order (Python dicts are ordered).
    case dict([PickleDictEntry])
    /// A class or function named by `GLOBAL` / `STACK_GLOBAL`.
    case global(module: String, name: String)
    /// The result of calling a global, with what was later added to it.
    case object(PickleObject)
    /// A `BINPERSID` / `PERSID` reference to data stored outside the pickle (PyTorch: a storage).
    case persistentID(PickleValue)
    /// A pointer into the machine's heap of mutable containers; never present in a finished value.
    case reference(Int)
}

/// One key/value pair of a ``PickleValue/dict(_:)``.
struct PickleDictEntry: Sendable, Equatable {
    var key: PickleValue
    var value: PickleValue
}

/// The result of `REDUCE` (`callable(*arguments)`) or `NEWOBJ` (`cls.__new__(cls, *arguments)`),
/// together with the items that `SETITEM(S)`/`APPEND(S)` added and the state that `BUILD` set.
struct PickleObject: Sendable, Equatable {
    var callable: PickleValue
    var arguments: [PickleValue]
    var dictItems: [PickleDictEntry] = []
    var listItems: [PickleValue] = []
    var state: PickleValue?

    /// `module.name` of the callable when it is a global, else `nil`.
    var qualifiedName: String? {
        if case .global(let module, let name) = callable { return "\(module).\(name)" }
        return nil
    }
}

extension PickleValue {
    /// A short description for error messages, e.g. `tuple of 6`, `global torch.FloatStorage`.
    var summary: String {
        switch self {
        case .none: return "None"
        case .bool(let value): return "bool \(value)"
        case .int(let value): return "int \(value)"
        case .largeInt(let bytes): return "int of \(bytes.count) bytes"
        case .float(let value): return "float \(value)"
        case .string(let value): return "str '\(value.prefix(40))'"
        case .bytes(let value): return "bytes of \(value.count)"
        case .tuple(let items): return "tuple of \(items.count)"
        case .list(let items): return "list of \(items.count)"
        case .dict(let entries): return "dict of \(entries.count)"
        case .global(let module, let name): return "global \(module).\(name)"
        case .object(let object): return "object \(object.qualifiedName ?? "from a non-global callable")"
        case .persistentID: return "persistent id"
        case .reference: return "heap reference"
        }
    }

    /// The integer value, if this is an `int` (or a `bool`, which Python treats as an int).
    var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .bool(let value): return value ? 1 : 0
        default: return nil
        }
    }

    /// The string value, if this is a `str`.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The items of a tuple or a list.
    var sequenceItems: [PickleValue]? {
        switch self {
        case .tuple(let items), .list(let items): return items
        default: return nil
        }
    }
}
