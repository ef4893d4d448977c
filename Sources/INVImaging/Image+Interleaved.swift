extension Image {
    /// Creates an image from interleaved (HWC) 8-bit samples, as codecs deliver them.
    /// `samples.count` must be `width * height * channels`.
    init(interleaved samples: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int) {
        let n = width * height
        let pixels = [Float](unsafeUninitializedCapacity: channels * n) { out, initialized in
            for c in 0..<channels {
                for i in 0..<n { out[c * n + i] = Float(samples[i * channels + c]) }
            }
            initialized = channels * n
        }
        self.init(checkedWidth: width, height: height, channels: channels, pixels: pixels)
    }

    /// Creates an image from interleaved (HWC) 16-bit big-endian samples (2 bytes each), scaled
    /// to 0...255 by `value / 257` so that 65535 maps to 255 exactly.
    init(interleavedBigEndian16 bytes: UnsafeBufferPointer<UInt8>, width: Int, height: Int, channels: Int) {
        let n = width * height
        let pixels = [Float](unsafeUninitializedCapacity: channels * n) { out, initialized in
            for c in 0..<channels {
                for i in 0..<n {
                    let k = 2 * (i * channels + c)
                    let value = UInt16(bytes[k]) << 8 | UInt16(bytes[k + 1])
                    out[c * n + i] = Float(value) / 257
                }
            }
            initialized = channels * n
        }
        self.init(checkedWidth: width, height: height, channels: channels, pixels: pixels)
    }

    /// The samples interleaved (HWC) as 8-bit values: rounded to nearest, clamped to 0...255
    /// (NaN becomes 0).
    func interleavedBytes() -> [UInt8] {
        let n = planeSize
        let channels = channels
        return pixels.withUnsafeBufferPointer { source in
            [UInt8](unsafeUninitializedCapacity: channels * n) { out, initialized in
                for c in 0..<channels {
                    for i in 0..<n { out[i * channels + c] = Image.byte(source[c * n + i]) }
                }
                initialized = channels * n
            }
        }
    }

    /// `value` rounded to the nearest integer and clamped to 0...255; NaN becomes 0.
    @inline(__always)
    static func byte(_ value: Float) -> UInt8 {
        guard value > 0 else { return 0 }
        return value >= 255 ? 255 : UInt8(value.rounded())
    }
}
