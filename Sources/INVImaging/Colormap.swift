/// A 256-entry colormap with matplotlib's lookup rule, for showing a map of values in 0...1.
///
/// ```swift
/// Colormap.jet.color(for: 0.5)        // (red: 0.49, green: 1.0, blue: 0.48)
/// let picture = Colormap.viridis.image(of: heatmap.rescaledToUnitInterval())
/// ```
public struct Colormap: Sendable, Equatable {
    /// matplotlib's name for the colormap.
    public let name: String
    /// ``entryCount`` RGB entries in 0...1, interleaved (R, G, B of entry 0, then entry 1, …).
    public let table: [Float]

    /// Number of entries, matplotlib's default `N` (`rcParams["image.lut"]`).
    public static let entryCount = 256

    /// matplotlib `jet`: its piecewise-linear segment data (`lib/matplotlib/_cm.py`, `_jet_data`)
    /// sampled at 256 points exactly as `LinearSegmentedColormap` does.
    public static let jet = Colormap(name: "jet", segments: [
        [(0, 0, 0), (0.35, 0, 0), (0.66, 1, 1), (0.89, 1, 1), (1, 0.5, 0.5)],
        [(0, 0, 0), (0.125, 0, 0), (0.375, 1, 1), (0.64, 1, 1), (0.91, 0, 0), (1, 0, 0)],
        [(0, 0.5, 0.5), (0.11, 1, 1), (0.34, 1, 1), (0.65, 0, 0), (1, 0, 0)],
    ])

    /// matplotlib `viridis` (perceptually uniform; van der Walt & Smith 2015), its published table.
    public static let viridis = Colormap(name: "viridis", table: viridisTable)

    /// Every built-in colormap, in the order listed to users.
    public static let all: [Colormap] = [.jet, .viridis]

    /// The built-in colormap called `name`.
    /// - Throws: ``ImageError/invalidArgument(operation:message:)`` listing the available names.
    public static func named(_ name: String) throws -> Colormap {
        guard let colormap = all.first(where: { $0.name == name.lowercased() }) else {
            throw ImageError.invalidArgument(
                operation: "Colormap.named(_:)",
                message: "no colormap '\(name)'; available: \(all.map(\.name).joined(separator: ", "))")
        }
        return colormap
    }

    /// The table entry matplotlib's `Colormap.__call__` picks for `value`: `⌊value · 256⌋`, with
    /// exactly 1 mapping to the last entry, values below 0 to the first and above 1 to the last.
    /// NaN maps to the first entry (matplotlib would give its transparent "bad" colour).
    @inline(__always)
    public func index(for value: Float) -> Int {
        let scaled = value * Float(Colormap.entryCount)
        guard scaled > 0 else { return 0 }
        return scaled >= Float(Colormap.entryCount) ? Colormap.entryCount - 1 : Int(scaled)
    }

    /// The colour for `value`, each component in 0...1.
    public func color(for value: Float) -> (red: Float, green: Float, blue: Float) {
        let i = 3 * index(for: value)
        return (table[i], table[i + 1], table[i + 2])
    }

    /// An RGB image (0...255) of `map` seen through the colormap; `map` should be in 0...1
    /// (see ``FloatMap/rescaledToUnitInterval()``).
    public func image(of map: FloatMap) -> Image {
        let n = map.width * map.height
        var pixels = [Float](repeating: 0, count: 3 * n)
        for i in 0..<n {
            let entry = 3 * index(for: map.values[i])
            for c in 0..<3 { pixels[c * n + i] = 255 * table[entry + c] }
        }
        return Image(checkedWidth: map.width, height: map.height, channels: 3, pixels: pixels)
    }

    private init(name: String, table: [Float]) {
        precondition(table.count == 3 * Colormap.entryCount, "colormap \(name) needs 256 RGB entries")
        self.name = name
        self.table = table
    }

    /// A colormap from matplotlib segment data: per channel (R, G, B) a list of
    /// `(x, value below x, value above x)` with x rising from 0 to 1.
    private init(name: String, segments: [[(x: Double, below: Double, above: Double)]]) {
        let channels = segments.map { Colormap.lookupTable($0, count: Colormap.entryCount) }
        let table = (0..<Colormap.entryCount).flatMap { i in channels.map { Float($0[i]) } }
        self.init(name: name, table: table)
    }

    /// matplotlib `colors._create_lookup_table(N, data)` with gamma 1: entry `i` interpolates the
    /// segment containing `i / (N − 1)`, taking the "above" value of the segment's left point and
    /// the "below" value of its right point.
    private static func lookupTable(_ points: [(x: Double, below: Double, above: Double)], count: Int) -> [Double] {
        let last = Double(count - 1)
        let xs = points.map { $0.x * last }
        var table = [Double](repeating: 0, count: count)
        table[0] = points[0].above
        table[count - 1] = points[points.count - 1].below
        for i in 1..<(count - 1) {
            let position = Double(i) * (1 / last) * last  // numpy: linspace(0, 1, N) * (N − 1)
            let right = xs.firstIndex { $0 >= position } ?? xs.count - 1  // numpy.searchsorted, side "left"
            let fraction = (position - xs[right - 1]) / (xs[right] - xs[right - 1])
            table[i] = fraction * (points[right].below - points[right - 1].above) + points[right - 1].above
        }
        return table.map { min(max($0, 0), 1) }
    }
}
