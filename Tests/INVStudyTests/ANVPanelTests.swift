import Foundation
import INVCore
import INVImaging
import INVPipeline
import INVStudyFixtures
import Testing
@testable import INVStudy

/// INV's study panel draws the ANV: the kept clusters of the last layers, each overlay with its weight.
@Suite struct ANVPanelTests {
    private func fixture(labels: [[String]]? = nil) throws -> (ANV, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("anv-panel-\(UUID().uuidString)")
        try StudyRunFixture.write(to: root, images: ["cat-00000001"], baselines: [], labels: labels.map { ["cat-00000001": $0] } ?? [:])
        let folder = root.appendingPathComponent("points/p1/images/cat-00000001")
        return (try JSONDecoder().decode(ANV.self, from: Data(contentsOf: folder.appendingPathComponent("anv.json"))), folder)
    }

    @Test func columnsAreTheLastLayersKeptClustersHeaviestFirst() throws {
        let (anv, _) = try fixture()
        let columns = ANVPanel(layers: 3, clusters: 4).columns(of: anv)
        #expect(columns.map(\.layer) == [0, 1])
        #expect(columns.map(\.clusters) == [[0, 1], [0, 1]], "layer 1's third cluster is below the cluster threshold")
        #expect(ANVPanel(layers: 1, clusters: 1).columns(of: anv).map(\.clusters) == [[0]])
    }

    @Test func eachCellIsItsOverlayWithAWeightBarOfItsLength() throws {
        let (anv, folder) = try fixture()
        let size = 192
        let panel = try ANVPanel().render(anv, overlays: folder, size: size)
        #expect(panel.width == size && panel.height == size && panel.channels == 3)
        // Layout at 192 px: scale 1, gap 2, caption 12, two columns of (192 − 3 · 2) / 2 = 93, cells min(93, (192 − 6 − 24) / 2) = 81.
        let cell = 81, columnWidth = 93, top = (size - 2 * (cell + 12) - 2) / 2
        func pixel(_ x: Int, _ y: Int) -> [Float] { (0..<3).map { panel.pixels[($0 * size + y) * size + x] } }
        for column in 0..<2 {
            let left = 2 + column * (columnWidth + 2) + (columnWidth - cell) / 2
            for row in 0..<2 {
                let y = top + row * (cell + 12 + 2)
                // The overlay's flat colour (fixture: [255, 30 c, 40 l]) fills the cell's centre.
                let centre = pixel(left + cell / 2, y + cell / 2)
                #expect(abs(centre[0] - 255) <= 1 && abs(centre[1] - Float(30 * row)) <= 1 && abs(centre[2] - Float(40 * column)) <= 1,
                        "column \(column), row \(row): \(centre)")
                // The bar under the cell is dark for w · cell pixels, light after.
                let filled = Int((StudyRunFixture.weights[column][row] * Double(cell)).rounded())
                #expect(pixel(left + filled - 1, y + cell + 2) == [20, 20, 20], "column \(column), row \(row), filled \(filled)")
                #expect(pixel(left + filled + 1, y + cell + 2) == [200, 200, 200])
            }
        }
        #expect(pixel(0, 0) == [128, 128, 128], "neutral grey around the cells")
    }

    @Test func digitsSpellThePercentage() {
        var canvas = ANVPanel.Canvas(size: 16)
        canvas.write("1%", x: 0, y: 0, scale: 1, grey: 0)
        let ink = (0..<5).map { y in (0..<7).map { x in canvas.pixels[y * 16 + x] == 0 ? "#" : "." }.joined() }
        #expect(ink == [".#..#.#", "##....#", ".#...#.", ".#..#..", "###.#.#"])
        #expect(ANVPanel.Digits.width("30%") == 11)
    }

    @Test func legendListsTopLabelsColumnByColumnOnlyWhenLabelled() throws {
        #expect(ANVPanel().legend(try fixture().0) == nil)
        let (anv, _) = try fixture(labels: [["whiskers", "ears"], ["fur", "eyes", "tail"]])
        #expect(ANVPanel().legend(anv) == "whiskers, ears | fur, eyes")
    }

    @Test func aMissingOverlayNamesTheFile() throws {
        let (anv, folder) = try fixture()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("L1-C0.png"))
        #expect { try ANVPanel().render(anv, overlays: folder, size: 96) } throws: { "\($0)".contains("L1-C0.jpg") }
    }

    @Test func configRejectsOutOfRangeCounts() throws {
        let config = try StudyConfig.decode(.object(["results": .string("r"), "participants": .int(2), "anv": .object(["layers": .int(2)])]))
        #expect(config.anv == ANVPanel(layers: 2, clusters: 4))
        #expect { try StudyConfig.decode(.object(["results": .string("r"), "participants": .int(2), "anv": .object(["clusters": .int(0)])])) }
            throws: { "\($0)".contains("anv.clusters") && "\($0)".contains("expected 1 to 8") }
    }
}
