extension Image {
    /// The image with `heatmap` drawn over it through `colormap`, for showing where a saliency
    /// map is high.
    ///
    /// 1. `heatmap` is resized to the image with ``FloatMap/resized(width:height:filter:)``
    ///    (bilinear, half-pixel centres) when the sizes differ;
    /// 2. each value (expected in 0...1; outside values take the end colours) becomes a colour;
    /// 3. the result is `(1 − opacity) · image + opacity · colour` on the RGB image
    ///    (alpha is dropped, see ``rgb()``).
    ///
    /// ```swift
    /// let shown = try photo.overlaid(heatmap: cam.rescaledToUnitInterval(), colormap: .jet, opacity: 0.5)
    /// try shown.write(to: URL(fileURLWithPath: "cam.png"))
    /// ```
    /// - Throws: ``ImageError/invalidArgument(operation:message:)`` unless `opacity` is in 0...1.
    public func overlaid(heatmap: FloatMap, colormap: Colormap = .jet, opacity: Float = 0.5) throws -> Image {
        guard (0...1).contains(opacity) else {
            throw ImageError.invalidArgument(operation: "Image.overlaid(heatmap:colormap:opacity:)",
                                             message: "opacity \(opacity) is not in 0...1")
        }
        let fitted = heatmap.width == width && heatmap.height == height
            ? heatmap
            : try heatmap.resized(width: width, height: height, filter: .bilinear)
        let colors = colormap.image(of: fitted).pixels
        let base = rgb().pixels
        var out = [Float](repeating: 0, count: base.count)
        for i in out.indices { out[i] = (1 - opacity) * base[i] + opacity * colors[i] }
        return Image(checkedWidth: width, height: height, channels: 3, pixels: out)
    }
}
