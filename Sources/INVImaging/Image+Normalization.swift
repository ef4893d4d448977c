extension Image {
    /// The samples as one planar CHW array normalised per channel, `(x − mean[c]) / std[c]`,
    /// ready to be an NCHW model input.
    ///
    /// `mean` and `std` are in the same 0...255 units as the pixels, one value per channel (or one
    /// value for all channels). Common conventions:
    /// - TensorFlow / EfficientNet-Lite `(x − 127) / 128`: `mean: [127], std: [128]`.
    /// - torchvision ImageNet (0.485, 0.456, 0.406) / (0.229, 0.224, 0.225) on 0...1 pixels:
    ///   `mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375]`.
    /// - Throws: ``ImageError/invalidArgument(operation:message:)`` if the counts do not fit the
    ///   channels or a `std` value is zero.
    public func normalized(mean: [Float], std: [Float]) throws -> [Float] {
        let operation = "Image.normalized(mean:std:)"
        for (label, values) in [("mean", mean), ("std", std)] where values.count != 1 && values.count != channels {
            throw ImageError.invalidArgument(
                operation: operation, message: "\(label) has \(values.count) values; expected 1 or \(channels) (one per channel)")
        }
        guard !std.contains(0) else {
            throw ImageError.invalidArgument(operation: operation, message: "std \(std) contains zero")
        }
        var out = pixels
        for c in 0..<channels {
            let m = mean.count == 1 ? mean[0] : mean[c]
            let s = std.count == 1 ? std[0] : std[c]
            for i in (c * planeSize)..<((c + 1) * planeSize) { out[i] = (out[i] - m) / s }
        }
        return out
    }
}
