import INVCore
import Foundation
import INVImaging

/// One explanation as participants see it: a square PNG panel and an HTML fragment around it.
public enum Panel {
    /// The image scaled to fit a `size` × `size` square (aspect ratio kept, bicubic) and centred on a
    /// neutral grey background (RGB 128), so every method's panel has the same size.
    public static func letterboxed(_ image: Image, size: Int) throws -> Image {
        let rgb = image.rgb()
        let scale = Double(size) / Double(max(rgb.width, rgb.height))
        let width = max(1, min(size, Int((Double(rgb.width) * scale).rounded())))
        let height = max(1, min(size, Int((Double(rgb.height) * scale).rounded())))
        let scaled = (width, height) == (rgb.width, rgb.height) ? rgb : try rgb.resized(width: width, height: height)
        var pixels = [Float](repeating: 128, count: 3 * size * size)
        let left = (size - width) / 2, top = (size - height) / 2
        for channel in 0..<3 {
            let plane = scaled.plane(channel)
            for y in 0..<height {
                let source = plane.startIndex + y * width
                let target = channel * size * size + (top + y) * size + left
                for x in 0..<width { pixels[target + x] = min(255, max(0, plane[source + x])) }
            }
        }
        return try Image(width: size, height: size, channels: 3, pixels: pixels)
    }

    /// The HTML fragment of a panel: a `<figure>` with the PNG (`<code>.png`, beside the fragment) and a
    /// caption naming the explanation by its neutral code, or by `methodName` when the study shows names.
    /// Sizes and fonts are fixed inline, so every panel renders alike wherever it is embedded. A
    /// labelled ANV's `legend` (its cells' top labels, ``ANVPanel/legend(_:)``) follows the caption.
    public static func htmlFragment(code: String, size: Int, methodName: String?, legend: String? = nil) -> String {
        let caption = methodName.map(escape) ?? "Explanation \(escape(code))"
        let legendLine = legend.map { "<br><span class=\"study-legend\">\(escape($0))</span>" } ?? ""
        return """
        <figure class="study-panel" data-code="\(escape(code))" style="margin:0;display:inline-block;width:\(size)px;font:15px/1.4 system-ui,sans-serif;text-align:center">
          <img src="\(escape(code)).png" width="\(size)" height="\(size)" alt="\(caption)">
          <figcaption>\(caption)\(legendLine)</figcaption>
        </figure>

        """
    }

    static func escape(_ s: String) -> String { Markup.html(s) }
}
