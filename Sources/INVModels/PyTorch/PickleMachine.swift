/// A minimal pickle virtual machine: it executes the binary opcodes of pickle protocols 2–4 and
/// returns the pickled object as a ``PickleValue`` tree, without importing or calling anything.
///
/// Mutable containers (lists, dicts, and objects made by `REDUCE`/`NEWOBJ`) live in a heap and are
/// referred to by index while the program runs, so that `BINPUT`/`BINGET` share them as Python does;
/// `STOP` turns the result into a plain tree. Text opcodes of protocol 0, sets, the extension registry
/// and protocol-5 buffers are rejected with an error naming the opcode and its byte offset.
///
/// Reference: Python's `Lib/pickle.py` (`_Unpickler`) and `Lib/pickletools.py`.
enum PickleMachine {
    /// Runs one pickle starting at `reader.offset` and leaves the reader just after its `STOP`.
    static func load(from reader: inout ByteReader) throws -> PickleValue {
        var machine = Machine(source: reader.source)
        return try machine.run(&reader)
    }
}

/// A container that opcodes after its creation may still extend.
private enum HeapContainer {
    case list([PickleValue])
    case dict([PickleDictEntry])
    case object(PickleObject)
}

private struct Machine {
    let source: String
    private var stack: [PickleValue] = []
    private var markedStacks: [[PickleValue]] = []
    private var memo: [Int: PickleValue] = [:]
    private var heap: [HeapContainer] = []
    private var opcodeOffset = 0
    private var opcodeName = ""

    init(source: String) { self.source = source }

    mutating func run(_ reader: inout ByteReader) throws -> PickleValue {
        while true {
            opcodeOffset = reader.offset
            let byte = try reader.readByte()
            guard let opcode = PickleOpcode(rawValue: byte) else {
                throw error(.unsupportedOpcode(byte: byte, name: nil))
            }
            opcodeName = opcode.pythonName
            if opcode == .stop {
                return try PickleResolver(heap: heap, source: source, offset: opcodeOffset).resolve(pop())
            }
            try execute(opcode, &reader)
        }
    }

    private mutating func execute(_ opcode: PickleOpcode, _ reader: inout ByteReader) throws {
        let what = "the argument of \(opcodeName)"
        switch opcode {
        case .proto:
            let version = try reader.readByte()
            guard version <= 5 else { throw malformed("protocol \(version) is newer than 5") }
        case .frame: _ = try reader.readUnsignedLE(width: 8, for: what)
        case .mark:
            markedStacks.append(stack)
            stack = []
        case .pop:
            if stack.isEmpty { _ = try popMark() } else { _ = try pop() }
        case .popMark: _ = try popMark()
        case .dup: stack.append(try top())
        case .none: stack.append(.none)
        case .newTrue: stack.append(.bool(true))
        case .newFalse: stack.append(.bool(false))
        case .binInt: stack.append(.int(try reader.readInt32LE(for: what)))
        case .binInt1: stack.append(.int(Int(try reader.readByte())))
        case .binInt2: stack.append(.int(Int(try reader.readUnsignedLE(width: 2, for: what))))
        case .long1: stack.append(Self.twosComplement(try reader.readBytes(Int(try reader.readByte()), for: what)))
        case .long4:
            stack.append(Self.twosComplement(try reader.readBytes(try reader.readLength(width: 4, for: what), for: what)))
        case .binFloat:
            let bits = try reader.readBytes(8, for: what).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }  // big-endian
            stack.append(.float(Double(bitPattern: bits)))
        case .shortBinUnicode: stack.append(try text(&reader, lengthWidth: 1))
        case .binUnicode: stack.append(try text(&reader, lengthWidth: 4))
        case .binUnicode8: stack.append(try text(&reader, lengthWidth: 8))
        case .shortBinString, .binString:
            // Python 2 `str`: Python 3 reads it as text; Latin-1 maps every byte to one character.
            let count = try reader.readLength(width: opcode == .shortBinString ? 1 : 4, for: what)
            stack.append(.string(String(try reader.readBytes(count, for: what).map { Character(Unicode.Scalar($0)) })))
        case .shortBinBytes, .binBytes, .binBytes8:
            let width = opcode == .shortBinBytes ? 1 : opcode == .binBytes ? 4 : 8
            stack.append(.bytes(Array(try reader.readBytes(try reader.readLength(width: width, for: what), for: what))))
        case .emptyTuple: stack.append(.tuple([]))
        case .tuple: stack.append(.tuple(try popMark()))
        case .tuple1, .tuple2, .tuple3:
            let count = Int(opcode.rawValue - PickleOpcode.tuple1.rawValue) + 1
            stack.append(.tuple(try pop(count)))
        case .emptyList: stack.append(allocate(.list([])))
        case .list: stack.append(allocate(.list(try popMark())))
        case .emptyDict: stack.append(allocate(.dict([])))
        case .dict: stack.append(allocate(.dict(try pairs(try popMark()))))
        case .append: try extendTop(listItems: [try pop()])
        case .appends: try extendTop(listItems: try popMark())
        case .setItem:
            let entry = try pop(2)
            try extendTop(dictItems: [PickleDictEntry(key: entry[0], value: entry[1])])
        case .setItems: try extendTop(dictItems: try pairs(try popMark()))
        case .global:
            let module = try line(&reader), name = try line(&reader)
            stack.append(.global(module: module, name: name))
        case .stackGlobal:
            let names = try pop(2)
            guard let module = names[0].stringValue, let name = names[1].stringValue else {
                throw malformed("expects two strings, found \(names[0].summary) and \(names[1].summary)")
            }
            stack.append(.global(module: module, name: name))
        case .reduce, .newObj:
            let call = try pop(2)
            guard case .tuple(let arguments) = call[1] else {
                throw malformed("expects an argument tuple, found \(call[1].summary)")
            }
            stack.append(allocate(.object(PickleObject(callable: call[0], arguments: arguments))))
        case .build: try build(state: try pop())
        case .binPersID: stack.append(.persistentID(try pop()))
        case .persID: stack.append(.persistentID(.string(try line(&reader))))
        case .binPut: memo[Int(try reader.readByte())] = try top()
        case .longBinPut: memo[Int(try reader.readUnsignedLE(width: 4, for: what))] = try top()
        case .memoize: memo[memo.count] = try top()
        case .binGet: stack.append(try recall(Int(try reader.readByte())))
        case .longBinGet: stack.append(try recall(Int(try reader.readUnsignedLE(width: 4, for: what))))
        case .stop, .float, .int, .long, .string, .unicode, .get, .put, .inst, .obj, .ext1, .ext2, .ext4,
             .emptySet, .addItems, .frozenSet, .newObjEx, .byteArray8, .nextBuffer, .readOnlyBuffer:
            throw error(.unsupportedOpcode(byte: opcode.rawValue, name: opcode.pythonName))
        }
    }

    // MARK: Stack, memo and heap

    private func top() throws -> PickleValue {
        guard let value = stack.last else { throw malformed("the stack is empty") }
        return value
    }

    private mutating func pop() throws -> PickleValue {
        guard let value = stack.popLast() else { throw malformed("the stack is empty") }
        return value
    }

    private mutating func pop(_ count: Int) throws -> [PickleValue] {
        guard stack.count >= count else {
            throw malformed("needs \(count) stack items, the stack has \(stack.count)")
        }
        defer { stack.removeLast(count) }
        return Array(stack.suffix(count))
    }

    /// Pops everything pushed since the last `MARK` and restores the stack below it.
    private mutating func popMark() throws -> [PickleValue] {
        guard let below = markedStacks.popLast() else { throw malformed("no MARK is open") }
        defer { stack = below }
        return stack
    }

    private func recall(_ index: Int) throws -> PickleValue {
        guard let value = memo[index] else { throw malformed("memo slot \(index) was never stored") }
        return value
    }

    private mutating func allocate(_ container: HeapContainer) -> PickleValue {
        heap.append(container)
        return .reference(heap.count - 1)
    }

    private func pairs(_ items: [PickleValue]) throws -> [PickleDictEntry] {
        guard items.count.isMultiple(of: 2) else {
            throw malformed("expects key/value pairs, found an odd count \(items.count)")
        }
        return stride(from: 0, to: items.count, by: 2).map { PickleDictEntry(key: items[$0], value: items[$0 + 1]) }
    }

    /// Adds items to the list, dict or object on top of the stack (`APPEND(S)`, `SETITEM(S)`).
    private mutating func extendTop(listItems: [PickleValue] = [], dictItems: [PickleDictEntry] = []) throws {
        let target = try top()
        guard case .reference(let index) = target else {
            throw malformed("expects a list, dict or object below the items, found \(target.summary)")
        }
        switch heap[index] {
        case .list(let items) where dictItems.isEmpty: heap[index] = .list(items + listItems)
        case .dict(let entries) where listItems.isEmpty: heap[index] = .dict(entries + dictItems)
        case .object(var object):
            object.listItems += listItems
            object.dictItems += dictItems
            heap[index] = .object(object)
        default: throw malformed("cannot add \(listItems.isEmpty ? "dict" : "list") items to this container")
        }
    }

    /// `BUILD`: records `state` on the object on top of the stack (Python calls `__setstate__`).
    private mutating func build(state: PickleValue) throws {
        let target = try top()
        guard case .reference(let index) = target, case .object(var object) = heap[index] else {
            throw malformed("expects an object made by REDUCE or NEWOBJ, found \(target.summary)")
        }
        object.state = state
        heap[index] = .object(object)
    }

    // MARK: Arguments

    private func text(_ reader: inout ByteReader, lengthWidth: Int) throws -> PickleValue {
        let what = "the argument of \(opcodeName)"
        let raw = try reader.readBytes(try reader.readLength(width: lengthWidth, for: what), for: what)
        guard let string = String(validating: raw, as: UTF8.self) else { throw malformed("the string is not UTF-8") }
        return .string(string)
    }

    private func line(_ reader: inout ByteReader) throws -> String {
        let raw = try reader.readLine(for: "the argument of \(opcodeName)")
        guard let string = String(validating: raw, as: UTF8.self) else { throw malformed("the name is not UTF-8") }
        return string
    }

    /// Decodes a little-endian two's-complement integer of any length (`LONG1`, `LONG4`).
    static func twosComplement(_ bytes: ArraySlice<UInt8>) -> PickleValue {
        let digits = Array(bytes)
        guard let last = digits.last else { return .int(0) }
        let negative = last & 0x80 != 0
        if digits.count > 8 {
            // Fits in 64 bits only when the bytes past the eighth merely repeat the sign.
            let fill: UInt8 = negative ? 0xFF : 0
            guard digits[8...].allSatisfy({ $0 == fill }), (digits[7] & 0x80 != 0) == negative else {
                return .largeInt(digits)
            }
        }
        var value: UInt64 = negative ? ~0 : 0
        for (index, byte) in digits.prefix(8).enumerated() {
            let shift = UInt64(8 * index)
            value = value & ~(UInt64(0xFF) << shift) | UInt64(byte) << shift
        }
        return .int(Int(Int64(bitPattern: value)))
    }

    // MARK: Errors

    private func error(_ problem: TorchCheckpointError.Problem) -> TorchCheckpointError {
        TorchCheckpointError(source: source, offset: opcodeOffset, problem: problem)
    }

    private func malformed(_ reason: String) -> TorchCheckpointError {
        error(.malformedPickle(opcode: opcodeName, reason: reason))
    }
}

/// Replaces heap references by the containers they point to, once the pickle has stopped.
private struct PickleResolver {
    let heap: [HeapContainer]
    let source: String
    let offset: Int
    /// Deeper nesting than this is reported instead of risking the thread's stack.
    static let maximumDepth = 500

    func resolve(_ value: PickleValue) throws -> PickleValue {
        var active = Set<Int>()
        return try resolve(value, depth: 0, active: &active)
    }

    private func resolve(_ value: PickleValue, depth: Int, active: inout Set<Int>) throws -> PickleValue {
        guard depth < Self.maximumDepth else { throw failure("objects nested deeper than \(Self.maximumDepth)") }
        func inner(_ item: PickleValue) throws -> PickleValue { try resolve(item, depth: depth + 1, active: &active) }
        func entries(_ items: [PickleDictEntry]) throws -> [PickleDictEntry] {
            try items.map { PickleDictEntry(key: try inner($0.key), value: try inner($0.value)) }
        }
        switch value {
        case .tuple(let items): return .tuple(try items.map(inner))
        case .list(let items): return .list(try items.map(inner))
        case .dict(let items): return .dict(try entries(items))
        case .persistentID(let id): return .persistentID(try inner(id))
        case .object(let object): return .object(try resolve(object, inner: inner, entries: entries))
        case .reference(let index):
            guard active.insert(index).inserted else { throw failure("a container contains itself") }
            defer { active.remove(index) }
            switch heap[index] {
            case .list(let items): return .list(try items.map(inner))
            case .dict(let items): return .dict(try entries(items))
            case .object(let object): return .object(try resolve(object, inner: inner, entries: entries))
            }
        case .none, .bool, .int, .largeInt, .float, .string, .bytes, .global: return value
        }
    }

    private func resolve(_ object: PickleObject, inner: (PickleValue) throws -> PickleValue,
                         entries: ([PickleDictEntry]) throws -> [PickleDictEntry]) throws -> PickleObject {
        PickleObject(callable: try inner(object.callable), arguments: try object.arguments.map(inner),
                     dictItems: try entries(object.dictItems), listItems: try object.listItems.map(inner),
                     state: try object.state.map(inner))
    }

    private func failure(_ reason: String) -> TorchCheckpointError {
        TorchCheckpointError(source: source, offset: offset, problem: .malformedPickle(opcode: "STOP", reason: reason))
    }
}
