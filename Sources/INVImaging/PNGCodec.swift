import CPNG
import Foundation

/// PNG through libpng (see `Sources/CPNG/shim.h` for the C side and its error handling).
enum PNGCodec {
    /// Decodes PNG `data`: 1/2/4/8/16-bit grey, grey+alpha, RGB, RGBA and palette files.
    ///
    /// Palette becomes RGB (RGBA with a tRNS chunk), grey+alpha becomes RGBA, 16-bit samples are
    /// scaled by 1/257 to 0...255 without rounding. Gamma and colour profiles are ignored.
    /// - Parameter name: the file name used in errors.
    static func decode(_ data: Data, name: String) throws -> Image {
        var result = inv_png_decoded()
        let succeeded = data.withUnsafeBytes { bytes in
            inv_png_decode(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count,
                           maximumDecodedPixelCount, &result)
        }
        guard succeeded == 1, let pixels = result.pixels else {
            throw ImageError.corruptData(name: name, format: .png, message: string(fromCBuffer: &result.message))
        }
        defer { inv_png_free(pixels) }
        let width = Int(result.width), height = Int(result.height), channels = Int(result.channels)
        let samples = width * height * channels
        if result.bitDepth == 16 {
            return Image(interleavedBigEndian16: UnsafeBufferPointer(start: pixels, count: 2 * samples),
                         width: width, height: height, channels: channels)
        }
        return Image(interleaved: UnsafeBufferPointer(start: pixels, count: samples),
                     width: width, height: height, channels: channels)
    }

    /// Encodes `image` as an 8-bit PNG with its own channels (grey, RGB or RGBA).
    static func encode(_ image: Image) throws -> Data {
        let bytes = image.interleavedBytes()
        var result = inv_png_encoded()
        let succeeded = bytes.withUnsafeBufferPointer { samples in
            inv_png_encode(samples.baseAddress, UInt32(image.width), UInt32(image.height),
                           Int32(image.channels), &result)
        }
        guard succeeded == 1, let encoded = result.data else {
            throw ImageError.encodingFailed(format: .png, message: string(fromCBuffer: &result.message))
        }
        defer { inv_png_free(encoded) }
        return Data(bytes: encoded, count: result.size)
    }
}

/// The NUL-terminated C string stored in a fixed-size C array (imported as a tuple).
func string<Buffer>(fromCBuffer buffer: inout Buffer) -> String {
    withUnsafeBytes(of: &buffer) { raw in
        let bytes = raw.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
