import Foundation
import Testing
import INVImaging
import INVPipeline
@testable import INVReveal

/// The mask cache renders each cluster map once, at every level, with Algorithm 2, and bounds its memory.
@Suite struct MaskCacheTests {
    let percents = RevealRules().revealPercents

    private func store(imageCount: Int = 2) async throws -> SQLiteGameStore {
        let directory = try RevealFixture.temporaryDirectory()
        let store = try SQLiteGameStore(path: directory.appendingPathComponent("reveal.sqlite").path)
        _ = try await store.importDataset(try RevealFixture.dataset(imageCount: imageCount))
        return store
    }

    @Test func everyLevelIsAlgorithmTwoOfTheStoredMap() async throws {
        let store = try await store()
        let cache = MaskCache(percents: percents, quality: 100)
        let map = try #require(try await store.mapID(image: "img1.png", layer: "layer1", cluster: 0))
        let stored = try #require(try await store.storedMap(map))
        let image = try Image.decode(stored.imagePNG, name: "map")
        let expected = try GameMasks.masked(image: image, heatmap: try FloatMap(width: stored.width, height: stored.height, values: stored.heatmap),
                                            percents: percents)
        for level in percents.indices {
            let served = try #require(try await cache.mask(map: map, level: level, store: store))
            #expect(served == (try expected[level].image.encoded(.jpeg(quality: 100))), "level \(level): Algorithm 2 at \(percents[level]) %")
        }
        let full = try Image.decode(try #require(try await cache.fullImage(map: map, store: store)), name: "full")
        #expect(full.width == image.width && full.height == image.height)
        #expect(cache.statistics.misses == percents.count + 1, "one rendering per level and one of the full image")
        _ = try await cache.mask(map: map, level: 0, store: store)
        #expect(cache.statistics.hits == 1)
    }

    @Test func concurrentRequestsAndAPrefetchShareOneRendering() async throws {
        let store = try await store()
        let cache = MaskCache(percents: percents)
        let map = try #require(try await store.mapID(image: "img0.png", layer: "layer0", cluster: 1))
        cache.prefetch(map: map, level: 0, store: store)
        let sizes = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<24 { group.addTask { try await cache.mask(map: map, level: i % 6, store: store)?.count ?? 0 } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(sizes.allSatisfy { $0 > 0 })
        #expect(cache.statistics.misses == 6, "one rendering per level")
        #expect(cache.statistics.hits == 24 - 5, "the prefetch started level 0")
        #expect(cache.statistics.entries == 6)
    }

    @Test func memoryStaysWithinTheBudgetDroppingTheLeastRecentlyUsedImage() async throws {
        let store = try await store(imageCount: 3)
        let maps = try await (0..<3).asyncMap { try #require(try await store.mapID(image: "img\($0).png", layer: "layer0", cluster: 0)) }
        let probe = MaskCache(percents: percents)
        for map in maps { _ = try await probe.fullImage(map: map, store: store) }
        let cache = MaskCache(percents: percents, capacityBytes: probe.statistics.bytes * 5 / 6)   // room for two of the three
        _ = try await cache.fullImage(map: maps[0], store: store)
        _ = try await cache.fullImage(map: maps[1], store: store)
        _ = try await cache.fullImage(map: maps[0], store: store)   // map 0 is now the most recent
        _ = try await cache.fullImage(map: maps[2], store: store)   // drops map 1
        #expect(cache.statistics.entries == 2)
        #expect(cache.statistics.bytes <= cache.capacityBytes)
        _ = try await cache.fullImage(map: maps[0], store: store)
        #expect(cache.statistics.misses == 3, "map 0 stayed")
        _ = try await cache.fullImage(map: maps[1], store: store)
        #expect(cache.statistics.misses == 4, "map 1 was dropped and is rendered again")
    }

    @Test func preparedMapsStayWithinTheirBudgetDroppingTheLeastRecentlyUsed() async throws {
        let store = try await store(imageCount: 3)
        let maps = try await (0..<3).asyncMap { try #require(try await store.mapID(image: "img\($0).png", layer: "layer0", cluster: 0)) }
        let probe = MaskCache(percents: percents)
        _ = try await probe.mask(map: maps[0], level: 0, store: store)
        let oneMap = probe.preparedStatistics.bytes
        #expect(oneMap > 0)
        let cache = MaskCache(percents: percents, preparedCapacityBytes: oneMap * 5 / 2)   // room for two maps
        _ = try await cache.mask(map: maps[0], level: 0, store: store)
        _ = try await cache.mask(map: maps[1], level: 0, store: store)
        _ = try await cache.mask(map: maps[0], level: 1, store: store)   // map 0 is now the most recent
        _ = try await cache.mask(map: maps[2], level: 0, store: store)   // drops map 1
        #expect(cache.preparedStatistics.maps == [maps[0], maps[2]])
        #expect(cache.preparedStatistics.bytes <= cache.preparedCapacityBytes)
    }

    @Test func anUnknownMapIsNil() async throws {
        let cache = MaskCache(percents: percents)
        #expect(try await cache.mask(map: 987_654, level: 0, store: try await store()) == nil)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
