import Testing
@testable import INVImaging

@Suite("Colormaps against matplotlib")
struct ColormapTests {
    static let golden = try? Golden.load(Golden.Colormaps.self, from: "colormaps.json")

    @Test("the 256-entry tables equal matplotlib's", arguments: Colormap.all.map(\.name))
    func tables(name: String) throws {
        let reference = try #require(Self.golden?.colormaps.first { $0.name == name })
        let colormap = try Colormap.named(name)
        // Measured: ≤ 6e-8 (Float rounding of matplotlib's doubles).
        expectClose(colormap.table, reference.table, tolerance: 1e-6, "\(name) table")
    }

    @Test("lookups of float32 samples pick matplotlib's entries (including < 0, 1 and > 1)",
          arguments: Colormap.all.map(\.name))
    func lookups(name: String) throws {
        let golden = try #require(Self.golden)
        let reference = try #require(golden.colormaps.first { $0.name == name })
        let colormap = try Colormap.named(name)
        let colors = golden.samples.flatMap { value -> [Float] in
            let color = colormap.color(for: value)
            return [color.red, color.green, color.blue]
        }
        expectClose(colors, reference.sampled, tolerance: 1e-6, "\(name) lookups")
    }

    @Test("image(of:) colours every pixel and scales to 0...255")
    func imageOfMap() throws {
        let map = try FloatMap(width: 2, height: 1, values: [0, 1])
        let image = Colormap.viridis.image(of: map)
        #expect(image.channels == 3 && image.width == 2 && image.height == 1)
        let first = Colormap.viridis.color(for: 0), last = Colormap.viridis.color(for: 1)
        expectClose(image.pixels, [first.red, last.red, first.green, last.green, first.blue, last.blue].map { $0 * 255 },
                    tolerance: 1e-4, "viridis image of [0, 1]")
    }

    @Test("an unknown name is an error listing the available colormaps")
    func unknownName() throws {
        #expect(try expectImageError { try Colormap.named("magma") }
                == .invalidArgument(operation: "Colormap.named(_:)", message: "no colormap 'magma'; available: jet, viridis"))
        #expect(Colormap.jet.index(for: .nan) == 0)
    }
}
