import Foundation
import Hummingbird
import HummingbirdTesting
import INVCore
import INVImaging
@testable import INVPipeline
import Testing
@testable import INVReveal

/// The admin page and the label export, which must round-trip through `LabelRecordFile`
/// (the reader of `inv labels apply`); and `inv reveal import` over an `inv explain`-style output.
@Suite struct RevealExportTests {
    @Test(arguments: RevealBackend.available) func adminProgressAndExportRoundTripThroughLabelRecordFile(backend: RevealBackend) async throws {
        try await RevealFixture.withServer(backend) { server, store, directory in
            try await Application(router: server.router()).test(.router) { client in
                let player = Browser(client)
                try await player.playAsGuest()
                for tags in [["rounded ears", "muso"], ["stripes, \"quoted\""], []] {
                    let game = try await player.startGame()
                    _ = try await player.answer(game, choice: try await correctClass(store, game["id"] as! String), tags: tags, language: "it")
                }
                let admin = Browser(client)
                try await admin.send(.get, "/api/session")
                #expect(try await admin.send(.get, "/admin/api/progress").status == .unauthorized)
                #expect(try await admin.send(.get, "/admin/export?format=csv").status == .unauthorized)
                #expect(try await admin.send(.post, "/admin/api/login", json: ["password": "wrong password here"]).status == .unauthorized)
                #expect(try await admin.send(.post, "/admin/api/login", json: ["password": "admin-password-123"]).status == .ok)
                let progress = try await admin.send(.get, "/admin/api/progress").json
                #expect(progress["games"] as? Int == 3)
                #expect(progress["labels"] as? Int == 3)
                #expect(progress["maps"] as? Int == 32)
                let expected = try await store.labelRecords(includeUntrusted: false)
                #expect(expected.count == 3)
                #expect(expected.allSatisfy { $0.language == "it" && $0.outcome == .win && $0.run == "run-a" && $0.player.hasPrefix("p") })
                for format in LabelRecordFile.Format.allCases {
                    let reply = try await admin.send(.get, "/admin/export?format=\(format.rawValue)")
                    #expect(reply.status == .ok)
                    #expect(reply.headers[.contentDisposition]?.contains("reveal-labels.\(format.rawValue)") == true)
                    #expect(try LabelRecordFile.decode(reply.text, format: format, path: "download") == expected)
                    let file = directory.appendingPathComponent("labels.\(format.rawValue)")
                    try LabelRecordFile.write(expected, to: file)
                    #expect(try LabelRecordFile.read(file) == expected)
                }
            }
        }
    }

    @Test func importReadsAnINVExplainOutputAndRefusesOneWithoutClusterMaps() throws {
        let directory = try RevealFixture.temporaryDirectory()
        let photo = directory.appendingPathComponent("photo.png")
        try Image(width: 48, height: 40, channels: 3, pixels: (0..<(3 * 48 * 40)).map { Float($0 % 255) }).write(to: photo)
        let settings = INVSettings()
        func layer(kept: Bool) -> LayerExplanation {
            LayerExplanation(layer: "conv1", channels: 4, height: 2, width: 2, emptyChannels: [], keptChannels: [0, 1], keptWeights: [0.5, 0.5],
                             weightThreshold: 0, keptWeightShare: 1, coordinates: [[0, 0], [1, 1]], scores: [], chosenK: 2,
                             clusters: [ClusterMap(members: [0], weight: 0.6, map: [1, 0, 0, 0], kept: kept),
                                        ClusterMap(members: [1], weight: 0.4, map: [0, 0, 0, 1], kept: false)],
                             clusterThreshold: 0.2, warnings: [])
        }
        func write(kept: Bool, to folder: URL) throws {
            let explanation = ImageExplanation(predicted: 3, target: 3, predictedProbability: 0.9, targetProbability: 0.9, layers: [layer(kept: kept)])
            let anv = ANV(model: "toy", image: photo.path, inputShape: [3, 32, 32], explanation: explanation,
                          classNames: ["a", "b", "c", "d"], seed: 1, settings: settings)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try JSONEncoder().encode(anv).write(to: folder.appendingPathComponent("anv.json"))
        }
        let loader: RevealImporter.ModelLoader = { _ in (["a", "b", "c", "d"], { try $0.resized(width: 32, height: 32) }) }
        let empty = directory.appendingPathComponent("no-clusters")
        try write(kept: false, to: empty.appendingPathComponent("photo"))
        #expect(throws: RevealError.self) { try RevealImporter.load(results: empty, loader: loader) }
        #expect(throws: RevealError.self) { try RevealImporter.load(results: directory.appendingPathComponent("missing"), loader: loader) }
        let good = directory.appendingPathComponent("explained")
        try write(kept: true, to: good.appendingPathComponent("photo"))
        let dataset = try RevealImporter.load(results: good, loader: loader)
        #expect(dataset.classNames == ["a", "b", "c", "d"])
        #expect(dataset.images.count == 1)
        #expect(dataset.images[0].run == "explained")
        #expect(dataset.images[0].name == photo.path)
        #expect(dataset.images[0].classIndex == 3)
        #expect(dataset.images[0].maps.map(\.cluster) == [0], "only kept clusters, by their index in anv.json")
        let shown = try Image.decode(dataset.images[0].png, name: "shown")
        #expect(shown.width == 32 && shown.height == 32)
    }
}
