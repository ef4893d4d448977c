import Foundation
import INVCore
import INVImaging
import INVPipeline

/// INV's condition in a study: the image's ANV (thesis §3.1, Figure 9) as one square picture, so
/// participants rate what INV shows — several weighted cluster maps per layer — rather than their
/// weighted sum Σ w_C·A_C (Eq. 3.1), which is the Grad-CAM map. The last ``layers`` explained layers are the columns
/// (deepest on the right); a column holds its layer's clusters kept by the cluster threshold (Eq. 4.1),
/// heaviest first, at most ``clusters`` of them. Each cell is the runner's overlay of the cluster map
/// on the photo (`L<l>-C<c>.jpg`, or `.png`, beside `anv.json`) with its weight w_C (Eq. 3.1) below, as a bar and a
/// percentage. A labelled ANV's top labels, which this picture cannot spell, are the ``legend(_:)``.
public struct ANVPanel: Sendable, Codable, Equatable {
    /// How many of the deepest explained layers are shown (default 3).
    public var layers: Int
    /// At most this many clusters per layer, the heaviest kept ones (default 4).
    public var clusters: Int

    enum CodingKeys: String, CodingKey, CaseIterable { case layers, clusters }

    public init(layers: Int = 3, clusters: Int = 4) {
        self.layers = layers
        self.clusters = clusters
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(layers: try c.decodeIfPresent(Int.self, forKey: .layers) ?? 3, clusters: try c.decodeIfPresent(Int.self, forKey: .clusters) ?? 4)
        for (key, value, range) in [(CodingKeys.layers, layers, 1...12), (.clusters, clusters, 1...8)] where !range.contains(value) {
            throw ConfigError(path: ConfigDecoder.render(decoder.codingPath + [key]), message: "expected \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
    }

    /// The drawn cells: per column (layer index in the ANV), the cluster indices shown, top to bottom.
    public func columns(of anv: ANV) -> [(layer: Int, clusters: [Int])] {
        anv.layers.indices.suffix(layers).map { l in
            (l, Array(anv.layers[l].clusters.indices.filter { anv.layers[l].clusters[$0].kept }.prefix(clusters)))
        }
    }

    /// The panel, `size` × `size` on neutral grey (RGB 128, as ``Panel/letterboxed(_:size:)``).
    /// - Parameter directory: the folder of `anv.json`, which holds its overlays.
    public func render(_ anv: ANV, overlays directory: URL, size: Int) throws -> Image {
        let columns = columns(of: anv)
        let rows = max(1, columns.map(\.clusters.count).max() ?? 1)
        let scale = max(1, size / 192)
        let gap = 2 * scale, captionHeight = (3 + 2 + Digits.height + 2) * scale
        let columnWidth = (size - (columns.count + 1) * gap) / max(1, columns.count)
        let cell = max(8, min(columnWidth, (size - (rows + 1) * gap - rows * captionHeight) / rows))
        let top = (size - rows * (cell + captionHeight) - (rows - 1) * gap) / 2
        var canvas = Canvas(size: size)
        for (j, column) in columns.enumerated() {
            let left = gap + j * (columnWidth + gap) + (columnWidth - cell) / 2
            for (i, c) in column.clusters.enumerated() {
                let y = top + i * (cell + captionHeight + gap)
                guard let overlay = LabelledANVRenderer.overlay(in: directory, layer: column.layer, cluster: c) else {
                    throw FileError.read(directory.appendingPathComponent("L\(column.layer)-C\(c).jpg").path,
                                         "the overlay of layer \(column.layer), cluster \(c) of this folder's anv.json is missing")
                }
                let name = "\(directory.path)/L\(column.layer)-C\(c)"
                canvas.paste(try Image.decode(overlay, name: name).rgb().resized(width: cell, height: cell), x: left, y: y)
                let weight = anv.layers[column.layer].clusters[c].weight
                canvas.fill(x: left, y: y + cell + scale, width: cell, height: 3 * scale, grey: 200)
                canvas.fill(x: left, y: y + cell + scale, width: Int((Double(cell) * min(1, max(0, weight))).rounded()), height: 3 * scale, grey: 20)
                let text = "\(Int((weight * 100).rounded()))%"
                let textWidth = Digits.width(text) * scale
                canvas.write(text, x: left + (cell - textWidth) / 2, y: y + cell + 6 * scale, scale: scale, grey: 0)
            }
        }
        return try canvas.image()
    }

    /// The top label of every drawn cell, column by column ("|" between columns, "—" for an unlabelled
    /// cluster); nil when the ANV has no labels.
    public func legend(_ anv: ANV) -> String? {
        let columns = columns(of: anv)
        let labels = columns.map { column in column.clusters.map { anv.layers[column.layer].clusters[$0].labels?.top } }
        guard labels.joined().contains(where: { $0 != nil }) else { return nil }
        return labels.map { $0.map { $0 ?? "—" }.joined(separator: ", ") }.joined(separator: " | ")
    }

    /// An RGB canvas, 0…255, planar as ``Image``.
    struct Canvas {
        let size: Int
        var pixels: [Float]

        init(size: Int) {
            self.size = size
            pixels = [Float](repeating: 128, count: 3 * size * size)
        }

        mutating func paste(_ image: Image, x: Int, y: Int) {
            for c in 0..<3 {
                let plane = image.plane(c)
                for row in 0..<image.height where (0..<size).contains(y + row) {
                    for column in 0..<image.width where (0..<size).contains(x + column) {
                        pixels[(c * size + y + row) * size + x + column] = min(255, max(0, plane[plane.startIndex + row * image.width + column]))
                    }
                }
            }
        }

        mutating func fill(x: Int, y: Int, width: Int, height: Int, grey: Float) {
            for c in 0..<3 {
                for row in max(0, y)..<min(size, y + height) {
                    for column in max(0, x)..<min(size, x + width) { pixels[(c * size + row) * size + column] = grey }
                }
            }
        }

        /// `text` in ``Digits``' glyphs, each glyph pixel a `scale` × `scale` square.
        mutating func write(_ text: String, x: Int, y: Int, scale: Int, grey: Float) {
            var pen = x
            for character in text {
                guard let rows = Digits.glyphs[character] else { continue }
                for (r, bits) in rows.enumerated() {
                    for b in 0..<Digits.glyphWidth where bits & (1 << (Digits.glyphWidth - 1 - b)) != 0 {
                        fill(x: pen + b * scale, y: y + r * scale, width: scale, height: scale, grey: grey)
                    }
                }
                pen += (Digits.glyphWidth + 1) * scale
            }
        }

        func image() throws -> Image { try Image(width: size, height: size, channels: 3, pixels: pixels) }
    }

    /// A 3 × 5 pixel font of the digits and "%" (each row's bits, leftmost pixel in the high bit).
    enum Digits {
        static let glyphWidth = 3
        static let height = 5
        static let glyphs: [Character: [UInt8]] = [
            "0": [0b111, 0b101, 0b101, 0b101, 0b111], "1": [0b010, 0b110, 0b010, 0b010, 0b111],
            "2": [0b111, 0b001, 0b111, 0b100, 0b111], "3": [0b111, 0b001, 0b111, 0b001, 0b111],
            "4": [0b101, 0b101, 0b111, 0b001, 0b001], "5": [0b111, 0b100, 0b111, 0b001, 0b111],
            "6": [0b111, 0b100, 0b111, 0b101, 0b111], "7": [0b111, 0b001, 0b010, 0b010, 0b010],
            "8": [0b111, 0b101, 0b111, 0b101, 0b111], "9": [0b111, 0b101, 0b111, 0b001, 0b111],
            "%": [0b101, 0b001, 0b010, 0b100, 0b101],
        ]

        /// Width of `text` in glyph pixels (one blank column between glyphs).
        static func width(_ text: String) -> Int { max(0, text.count * (glyphWidth + 1) - 1) }
    }
}
