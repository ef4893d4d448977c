/// A cursor over the bytes of a file that reads little-endian integers and floats and throws
/// ``TorchCheckpointError`` (naming the file and the byte offset) instead of reading past the end.
struct ByteReader {
    let bytes: [UInt8]
    /// The file the bytes came from, for error messages.
    let source: String
    /// Offset of the next byte to read.
    var offset: Int

    init(bytes: [UInt8], source: String, offset: Int = 0) {
        self.bytes = bytes
        self.source = source
        self.offset = offset
    }

    var isAtEnd: Bool { offset >= bytes.count }
    var remaining: Int { max(bytes.count - offset, 0) }

    mutating func readByte() throws -> UInt8 {
        try require(1, for: "a byte")
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads `count` bytes; `what` names them in the truncation error.
    mutating func readBytes(_ count: Int, for what: String) throws -> ArraySlice<UInt8> {
        try require(count, for: what)
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    /// Reads an unsigned little-endian integer of `width` bytes (1…8).
    mutating func readUnsignedLE(width: Int, for what: String) throws -> UInt64 {
        let slice = try readBytes(width, for: what)
        var value: UInt64 = 0
        for (shift, byte) in slice.enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        return value
    }

    /// Reads a signed little-endian 32-bit integer.
    mutating func readInt32LE(for what: String) throws -> Int {
        Int(Int32(bitPattern: UInt32(try readUnsignedLE(width: 4, for: what))))
    }

    /// Reads a signed little-endian 64-bit integer.
    mutating func readInt64LE(for what: String) throws -> Int {
        Int(Int64(bitPattern: try readUnsignedLE(width: 8, for: what)))
    }

    /// Reads a length that must fit in the rest of the file (a corrupt length must not allocate).
    mutating func readLength(width: Int, for what: String) throws -> Int {
        let start = offset
        let raw = try readUnsignedLE(width: width, for: "the length of \(what)")
        guard raw <= UInt64(remaining) else {
            throw TorchCheckpointError(
                source: source, offset: start,
                problem: .truncated(needed: raw, available: remaining, reading: what))
        }
        return Int(raw)
    }

    /// Reads bytes up to (not including) the next `\n` and skips the newline.
    mutating func readLine(for what: String) throws -> ArraySlice<UInt8> {
        guard let end = bytes[offset...].firstIndex(of: 0x0A) else {
            throw TorchCheckpointError(
                source: source, offset: offset,
                problem: .truncated(needed: UInt64(remaining + 1), available: remaining, reading: what))
        }
        defer { offset = end + 1 }
        return bytes[offset..<end]
    }

    private func require(_ count: Int, for what: String) throws {
        guard count >= 0, count <= remaining else {
            throw TorchCheckpointError(
                source: source, offset: offset,
                problem: .truncated(needed: UInt64(max(count, 0)), available: remaining, reading: what))
        }
    }
}
