extension Image {
    /// The image as 3-channel RGB.
    ///
    /// Grey is copied into R, G and B. **Alpha is dropped** (the colour samples are kept as
    /// stored), which is what `PIL.Image.convert("RGB")` does and so what torchvision-style
    /// pipelines feed a model. Use ``flattened(background:)`` to composite instead.
    public func rgb() -> Image {
        switch channels {
        case 3:
            return self
        case 1:
            return Image(checkedWidth: width, height: height, channels: 3,
                         pixels: Array([[Float]](repeating: pixels, count: 3).joined()))
        default:
            return Image(checkedWidth: width, height: height, channels: 3,
                         pixels: Array(pixels[0..<(3 * planeSize)]))
        }
    }

    /// The image composited over a solid `background` colour (RGB, 0...255), as RGB:
    /// `out = colour · a + background · (1 − a)` with `a = alpha / 255`. Images without alpha are
    /// only converted with ``rgb()``.
    /// - Throws: ``ImageError/invalidArgument(operation:message:)`` unless `background` has 3 values.
    public func flattened(background: [Float] = [0, 0, 0]) throws -> Image {
        guard background.count == 3 else {
            throw ImageError.invalidArgument(operation: "Image.flattened(background:)",
                                             message: "background has \(background.count) values; expected 3 (RGB)")
        }
        guard hasAlpha else { return rgb() }
        let n = planeSize
        var out = [Float](repeating: 0, count: 3 * n)
        pixels.withUnsafeBufferPointer { source in
            for c in 0..<3 {
                for i in 0..<n {
                    let a = source[3 * n + i] / 255
                    out[c * n + i] = source[c * n + i] * a + background[c] * (1 - a)
                }
            }
        }
        return Image(checkedWidth: width, height: height, channels: 3, pixels: out)
    }

    /// The image as 1-channel grey with ITU-R 601-2 luma, `L = 0.299 R + 0.587 G + 0.114 B`
    /// (as `PIL.Image.convert("L")`, without its rounding to integers); alpha is dropped.
    public func grey() -> Image {
        guard channels != 1 else { return self }
        let n = planeSize
        let out = pixels.withUnsafeBufferPointer { p in
            (0..<n).map { i in 0.299 * p[i] + 0.587 * p[n + i] + 0.114 * p[2 * n + i] }
        }
        return Image(checkedWidth: width, height: height, channels: 1, pixels: out)
    }
}
