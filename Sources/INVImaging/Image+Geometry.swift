extension Image {
    /// The image resampled to `width × height` with `filter`, antialiased when shrinking (see
    /// ``ResampleFilter``); matches `PIL.Image.resize(size, resample)` on 8-bit images up to
    /// Pillow's rounding to integers after each pass. Like Pillow, values are clamped to 0...255
    /// after each pass (bicubic overshoots at sharp edges).
    ///
    /// - Complexity: O(channels · (height · newWidth · tapsX + newHeight · newWidth · tapsY)),
    ///   with taps = 2·⌈support · max(1, scale)⌉ + 1 per axis; filter weights are computed once
    ///   per output row and column.
    public func resized(width newWidth: Int, height newHeight: Int, filter: ResampleFilter = .bicubic) throws -> Image {
        guard newWidth > 0, newHeight > 0 else {
            throw ImageError.invalidArgument(operation: "Image.resized(width:height:)",
                                             message: "target size \(newWidth) x \(newHeight) is not positive")
        }
        let out = Resampler.resample(pixels, planes: channels, width: width, height: height,
                                     newWidth: newWidth, newHeight: newHeight, filter: filter, clampingTo: 0...255)
        return Image(checkedWidth: newWidth, height: newHeight, channels: channels, pixels: out)
    }

    /// The image resized so that its shorter side is `length`, keeping the aspect ratio; the longer
    /// side becomes `⌊length · long / short⌋`, as `torchvision.transforms.Resize(length)`.
    public func resizeShortSide(to length: Int, filter: ResampleFilter = .bicubic) throws -> Image {
        guard length > 0 else {
            throw ImageError.invalidArgument(operation: "Image.resizeShortSide(to:)",
                                             message: "short side \(length) is not positive")
        }
        let short = min(width, height), long = max(width, height)
        let newLong = length * long / short
        return width <= height
            ? try resized(width: length, height: newLong, filter: filter)
            : try resized(width: newLong, height: length, filter: filter)
    }

    /// The `width × height` window at the centre, as `torchvision.transforms.CenterCrop`: the top
    /// margin is `round((self.height − height) / 2)` with ties to even (Python's `round`), likewise
    /// the left margin.
    /// - Throws: ``ImageError/invalidArgument(operation:message:)`` if the window is larger than
    ///   the image (torchvision would pad with zeros; here that is an error).
    public func centerCrop(width cropWidth: Int, height cropHeight: Int) throws -> Image {
        guard cropWidth <= width, cropHeight <= height else {
            throw ImageError.invalidArgument(
                operation: "Image.centerCrop(width:height:)",
                message: "crop \(cropWidth) x \(cropHeight) is larger than the \(width) x \(height) image")
        }
        let top = Int((Double(height - cropHeight) / 2).rounded(.toNearestOrEven))
        let left = Int((Double(width - cropWidth) / 2).rounded(.toNearestOrEven))
        return try cropped(x: left, y: top, width: cropWidth, height: cropHeight)
    }

    /// The `width × height` window whose top-left pixel is at column `x`, row `y`.
    /// - Throws: ``ImageError/invalidArgument(operation:message:)`` unless the window has a
    ///   positive size and lies inside the image.
    public func cropped(x: Int, y: Int, width cropWidth: Int, height cropHeight: Int) throws -> Image {
        guard cropWidth > 0, cropHeight > 0, x >= 0, y >= 0, x + cropWidth <= width, y + cropHeight <= height else {
            throw ImageError.invalidArgument(
                operation: "Image.cropped(x:y:width:height:)",
                message: "window at (\(x), \(y)) of \(cropWidth) x \(cropHeight) is not inside the \(width) x \(height) image")
        }
        var out = [Float]()
        out.reserveCapacity(channels * cropWidth * cropHeight)
        for c in 0..<channels {
            for row in y..<(y + cropHeight) {
                let start = (c * height + row) * width + x
                out.append(contentsOf: pixels[start..<(start + cropWidth)])
            }
        }
        return Image(checkedWidth: cropWidth, height: cropHeight, channels: channels, pixels: out)
    }
}
