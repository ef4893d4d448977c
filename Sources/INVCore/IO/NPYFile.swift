import Foundation

/// NumPy's `.npy` format, version 1.0 (numpy `lib/format.py`): the magic `\x93NUMPY`, version
/// bytes 1 0, a little-endian `UInt16` header length, an ASCII dict literal padded with spaces and
/// ending in `\n` so that the data starts at a multiple of 64 bytes, then the raw values.
public enum NPYFile {
    /// A C-ordered little-endian float32 array of `shape` (`np.load` returns it as is).
    public static func float32(_ values: [Float], shape: [Int]) throws -> Data {
        guard shape.reduce(1, *) == values.count else {
            throw FileError.write("npy", "shape \(shape) holds \(shape.reduce(1, *)) values, got \(values.count)")
        }
        let dims = shape.count == 1 ? "\(shape[0])," : shape.map(String.init).joined(separator: ", ")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dims)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for v in values {
            let bits = v.bitPattern.littleEndian
            data.append(contentsOf: [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)])
        }
        return data
    }

    /// Writes a heatmap as a float32 `[H, W]` array, atomically.
    public static func write(_ heatmap: Heatmap, to url: URL) throws {
        try AtomicFile.write(try float32(heatmap.values, shape: [heatmap.height, heatmap.width]), to: url)
    }
}
