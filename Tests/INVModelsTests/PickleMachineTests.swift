import Testing
@testable import INVModels

/// Runs the pickle machine on `bytes` (protocol 2 header included by the caller).
private func unpickle(_ bytes: [UInt8]) throws -> PickleValue {
    var reader = ByteReader(bytes: bytes, source: "test.pkl")
    return try PickleMachine.load(from: &reader)
}

/// `BINUNICODE` of an ASCII string.
private func text(_ string: String) -> [UInt8] {
    [0x58] + withUnsafeBytes(of: UInt32(string.utf8.count).littleEndian, Array.init) + Array(string.utf8)
}

private let proto2: [UInt8] = [0x80, 0x02]
private let stop: [UInt8] = [0x2E]

@Suite struct PickleMachineTests {
    @Test func dictWithMemoizedKeysAndList() throws {
        // {'a': 1, 'b': [2, 3], 'c': 'a'} where 'c' maps to the memoized string 'a'.
        let bytes = proto2 + [0x7D, 0x71, 0x00, 0x28] + text("a") + [0x71, 0x01, 0x4B, 0x01] + text("b")
            + [0x5D, 0x71, 0x02, 0x28, 0x4B, 0x02, 0x4D, 0x03, 0x00, 0x65] + text("c") + [0x68, 0x01, 0x75] + stop
        let value = try unpickle(bytes)
        #expect(value == .dict([
            PickleDictEntry(key: .string("a"), value: .int(1)),
            PickleDictEntry(key: .string("b"), value: .list([.int(2), .int(3)])),
            PickleDictEntry(key: .string("c"), value: .string("a")),
        ]))
    }

    @Test func memoSharesMutableContainers() throws {
        // l = []; t = (l, l); l.append(5) happens through the memoized reference before TUPLE2.
        let bytes = proto2 + [0x5D, 0x71, 0x00, 0x68, 0x00, 0x4B, 0x05, 0x61, 0x86] + stop
        #expect(try unpickle(bytes) == .tuple([.list([.int(5)]), .list([.int(5)])]))
    }

    @Test func integersFloatsAndBooleans() throws {
        let bytes = proto2 + [0x28,
                              0x4A, 0xFE, 0xFF, 0xFF, 0xFF,                          // BININT -2
                              0x4D, 0xE9, 0x03,                                      // BININT2 1001
                              0x8A, 0x02, 0x00, 0x80,                                // LONG1 -32768
                              0x8A, 0x00,                                            // LONG1 0
                              0x8A, 0x09, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,  // LONG1 -1 in 9 bytes
                              0x47, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0,                    // BINFLOAT 1.5 (big-endian)
                              0x88, 0x89, 0x4E, 0x74] + stop
        #expect(try unpickle(bytes) == .tuple([.int(-2), .int(1001), .int(-32768), .int(0), .int(-1),
                                                .float(1.5), .bool(true), .bool(false), .none]))
    }

    @Test func integerWiderThan64BitsKeepsItsBytes() throws {
        let magic = TorchLegacyCheckpoint.magicNumber
        #expect(try unpickle(proto2 + [0x8A, UInt8(magic.count)] + magic + stop) == .largeInt(magic))
    }

    @Test func reduceSetItemsAndBuildMakeAnObject() throws {
        // collections.OrderedDict() with one item and a BUILD state, as torch saves a state_dict.
        let bytes = proto2 + [0x63] + Array("collections\nOrderedDict\n".utf8) + [0x29, 0x52, 0x28] + text("k")
            + [0x4B, 0x07, 0x75, 0x7D, 0x62] + stop
        guard case .object(let object) = try unpickle(bytes) else {
            Issue.record("expected an object")
            return
        }
        #expect(object.qualifiedName == "collections.OrderedDict")
        #expect(object.arguments.isEmpty)
        #expect(object.dictItems == [PickleDictEntry(key: .string("k"), value: .int(7))])
        #expect(object.state == .dict([]))
    }

    @Test func persistentIDWrapsItsTuple() throws {
        let bytes = proto2 + [0x28] + text("storage") + [0x4B, 0x03, 0x74, 0x51] + stop
        #expect(try unpickle(bytes) == .persistentID(.tuple([.string("storage"), .int(3)])))
    }

    @Test func unsupportedOpcodeIsNamedWithItsOffset() throws {
        let error = try #require(throws: TorchCheckpointError.self) { try unpickle(proto2 + [0x49] + Array("12\n".utf8) + stop) }
        #expect(error.description == "test.pkl: byte 2: unsupported pickle opcode INT (0x49)")
        let unknown = try #require(throws: TorchCheckpointError.self) { try unpickle(proto2 + [0xFF]) }
        #expect(unknown.description == "test.pkl: byte 2: unsupported pickle opcode 0xFF, not a pickle opcode")
    }

    @Test func malformedProgramsAreErrorsNotCrashes() throws {
        let cases: [(bytes: [UInt8], message: String)] = [
            (proto2 + [0x74] + stop, "test.pkl: byte 2: malformed pickle at TUPLE: no MARK is open"),
            (proto2 + [0x68, 0x04] + stop, "test.pkl: byte 2: malformed pickle at BINGET: memo slot 4 was never stored"),
            (proto2 + stop, "test.pkl: byte 2: malformed pickle at STOP: the stack is empty"),
            (proto2 + [0x4B, 0x01, 0x61] + stop, "test.pkl: byte 4: malformed pickle at APPEND: the stack is empty"),
            (proto2 + [0x58, 0x10, 0, 0, 0, 0x61],
             "test.pkl: byte 3: truncated while reading the argument of BINUNICODE: needs 16 bytes, 1 left"),
            (proto2 + [0x5D, 0x71, 0x00, 0x68, 0x00, 0x61] + stop,
             "test.pkl: byte 8: malformed pickle at STOP: a container contains itself"),
        ]
        for (bytes, message) in cases {
            let error = try #require(throws: TorchCheckpointError.self) { try unpickle(bytes) }
            #expect(error.description == message)
        }
    }
}
