import CJPEG
import Foundation

/// JPEG through libjpeg(-turbo) (see `Sources/CJPEG/shim.h` for the C side: libjpeg's
/// exit-on-error handler is replaced, so a bad file is an error, never the end of the process).
enum JPEGCodec {
    /// Decodes JPEG `data`: grey stays grey, YCbCr/RGB becomes RGB, CMYK/YCCK becomes RGB with
    /// `R = (255 − C)(255 − K) / 255` (likewise G from M, B from Y), as Pillow's CMYK→RGB; Adobe
    /// files store inverted inks, which is undone first. A truncated file is an error (libjpeg's
    /// "Premature end of JPEG file"); bytes after the end-of-image marker are ignored. The EXIF
    /// orientation tag is not applied (like `PIL.Image.open`).
    /// - Parameter name: the file name used in errors.
    static func decode(_ data: Data, name: String) throws -> Image {
        var result = inv_jpeg_decoded()
        let succeeded = data.withUnsafeBytes { bytes in
            inv_jpeg_decode(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt(bytes.count),
                            maximumDecodedPixelCount, &result)
        }
        guard succeeded == 1, let pixels = result.pixels else {
            throw ImageError.corruptData(name: name, format: .jpeg, message: string(fromCBuffer: &result.message))
        }
        defer { inv_jpeg_free(pixels) }
        let width = Int(result.width), height = Int(result.height), components = Int(result.components)
        let samples = UnsafeBufferPointer(start: pixels, count: width * height * components)
        guard components == 4 else {
            return Image(interleaved: samples, width: width, height: height, channels: components)
        }
        return cmykToRGB(samples, width: width, height: height, adobeInverted: result.adobeInvertedCMYK != 0)
    }

    /// Encodes `image` as a baseline JPEG (grey or RGB; alpha is dropped).
    static func encode(_ image: Image, quality: Int) throws -> Data {
        guard (1...100).contains(quality) else {
            throw ImageError.invalidArgument(operation: "JPEG encoding", message: "quality \(quality) is not in 1...100")
        }
        let source = image.channels == 1 ? image : image.rgb()
        let bytes = source.interleavedBytes()
        var result = inv_jpeg_encoded()
        let succeeded = bytes.withUnsafeBufferPointer { samples in
            inv_jpeg_encode(samples.baseAddress, UInt32(source.width), UInt32(source.height),
                            Int32(source.channels), Int32(quality), &result)
        }
        guard succeeded == 1, let encoded = result.data else {
            throw ImageError.encodingFailed(format: .jpeg, message: string(fromCBuffer: &result.message))
        }
        defer { inv_jpeg_free(encoded) }
        return Data(bytes: encoded, count: result.size)
    }

    /// Interleaved CMYK bytes to a planar RGB image.
    private static func cmykToRGB(_ samples: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
                                  adobeInverted: Bool) -> Image {
        let n = width * height
        let pixels = [Float](unsafeUninitializedCapacity: 3 * n) { out, initialized in
            // Adobe files store 255 − ink, which is the "remaining light" factor itself.
            @inline(__always) func remaining(_ stored: UInt8) -> Float {
                adobeInverted ? Float(stored) : 255 - Float(stored)
            }
            for i in 0..<n {
                let black = remaining(samples[4 * i + 3])
                for c in 0..<3 { out[c * n + i] = remaining(samples[4 * i + c]) * black / 255 }
            }
            initialized = 3 * n
        }
        return Image(checkedWidth: width, height: height, channels: 3, pixels: pixels)
    }
}
