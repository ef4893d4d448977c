import INVImaging

/// The masked images of the *Deep Reveal* game (thesis §3.4.1, §4.3, Algorithm 2, Tables 2–3):
/// the cluster map is upscaled to the image, the pixels at or above its (100 − p)-th percentile
/// form a binary mask, the mask is Gaussian-blurred and multiplied into the image.
public enum GameMasks {
    /// Table 2 (input 512×512): upscale ratio → Gaussian σ.
    static let sigmaTable: [(ratio: Double, sigma: Double)] = [(2, 3), (4, 6), (8, 12), (16, 16), (32, 24)]

    /// σ for an upscale ratio: Table 2, linearly interpolated between its rows and clamped beyond them.
    public static func sigma(forRatio ratio: Double) -> Double {
        let table = sigmaTable
        if ratio <= table[0].ratio { return table[0].sigma * ratio / table[0].ratio }
        for (a, b) in zip(table, table.dropFirst()) where ratio <= b.ratio {
            return a.sigma + (b.sigma - a.sigma) * (ratio - a.ratio) / (b.ratio - a.ratio)
        }
        return table[table.count - 1].sigma
    }

    /// One masked image of Algorithm 2.
    /// - Parameters:
    ///   - percent: the share of pixels to reveal, p (Table 3: 2, 4.5, 8, 13, 20, 30).
    /// - Returns: the masked image and the share of pixels the binary mask reveals before blurring
    ///   (≥ p/100; more only where upscaled values tie, footnote 3).
    public static func masked(image: Image, heatmap: FloatMap, percent: Double, truncate: Double = 1.5) throws -> (image: Image, revealed: Double) {
        try masked(image: image, heatmap: heatmap, percents: [percent], truncate: truncate)[0]
    }

    /// The masked images of every reveal level of one cluster map, upscaling and sorting the map once.
    public static func masked(image: Image, heatmap: FloatMap, percents: [Double],
                              truncate: Double = 1.5) throws -> [(image: Image, revealed: Double)] {
        let prepared = try Prepared(image: image, heatmap: heatmap, truncate: truncate)
        return try percents.map { try prepared.masked(percent: $0) }
    }

    /// One cluster map made ready for Algorithm 2 at any level: upscaled to the image and sorted
    /// once, so each level costs only its threshold, blur and product (the game renders levels
    /// as players ask for them).
    public struct Prepared: Sendable {
        public let image: Image
        let upscaled: FloatMap
        let sorted: [Float]
        let sigma: Float
        let truncate: Float

        public init(image: Image, heatmap: FloatMap, truncate: Double = 1.5) throws {
            self.image = image
            upscaled = try heatmap.resized(width: image.width, height: image.height, filter: .bilinear)
            sorted = upscaled.values.sorted()
            let ratio = (Double(image.width) / Double(heatmap.width) + Double(image.height) / Double(heatmap.height)) / 2
            sigma = Float(GameMasks.sigma(forRatio: ratio))
            self.truncate = Float(truncate)
        }

        /// The memory this holds: the image's pixels, the upscaled map and its sorted values (Float each).
        public var bytes: Int { (image.pixels.count + upscaled.values.count + sorted.count) * MemoryLayout<Float>.size }

        /// The masked image revealing `percent` % of the pixels, and the share the binary mask reveals.
        public func masked(percent: Double) throws -> (image: Image, revealed: Double) {
            let cut = percentile(sorted: sorted, 100 - percent)
            let binary = upscaled.values.map { $0 >= cut ? Float(1) : 0 }
            let revealed = Double(binary.reduce(0, +)) / Double(binary.count)
            let mask = try FloatMap(width: image.width, height: image.height, values: binary)
                .gaussianBlurred(sigma: sigma, truncate: truncate)
            var pixels = image.pixels
            let plane = image.planeSize
            for c in 0..<image.channels {
                for i in 0..<plane { pixels[c * plane + i] *= mask.values[i] }
            }
            return (try Image(width: image.width, height: image.height, channels: image.channels, pixels: pixels), revealed)
        }
    }

    /// NumPy's default (linear) percentile, q in 0…100.
    static func percentile(_ values: [Float], _ q: Double) -> Float {
        percentile(sorted: values.sorted(), q)
    }

    static func percentile(sorted: [Float], _ q: Double) -> Float {
        let position = q / 100 * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        let fraction = Float(position - Double(lower))
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
