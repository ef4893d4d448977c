import Foundation
import INVImaging
import INVPipeline
import Synchronization

/// The game's images, made on demand from the stored image and cluster map with Algorithm 2
/// (``GameMasks``) and kept in memory as JPEG. Nothing is pre-rendered in bulk: the first request
/// that touches a cluster map (or ``prefetch(map:store:)``, which the server calls when a game
/// starts) renders that map's masked image at every reveal level and its full image in one pass
/// (the image is decoded, and the map upscaled and sorted, once), so the hints and the outcome
/// page of every later game on the map are served from memory.
///
/// Concurrent requests for one map wait for a single rendering. Renderings run on ``workers``
/// dedicated threads (a map always on the same one), never on the cooperative pool, so a burst of
/// new maps cannot starve the game's JSON requests. Memory is bounded by ``capacityBytes``; the
/// least recently used maps are dropped first.
public final class MaskCache: Sendable {
    /// What one cluster map shows: the masked image of each reveal level, then the full image.
    struct MapImages: Sendable {
        var levels: [Data]
        var full: Data
        var bytes: Int { levels.reduce(full.count) { $0 + $1.count } }
    }

    struct Entry { var images: MapImages; var used: UInt64 }
    struct State {
        var entries: [Int64: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
        var hits = 0
        var misses = 0
        var inFlight: [Int64: Task<MapImages?, any Error>] = [:]
    }

    /// The share of pixels each reveal level shows (the rules' `revealPercents`, Table 3).
    public let percents: [Double]
    public let capacityBytes: Int
    public let quality: Int
    private let state = Mutex(State())
    private let queues: [DispatchQueue]

    public init(percents: [Double], capacityBytes: Int = 256 << 20, quality: Int = 88, workers: Int = 2) {
        self.percents = percents
        self.capacityBytes = capacityBytes
        self.quality = quality
        queues = (0..<max(workers, 1)).map { DispatchQueue(label: "invkit.reveal.masks.\($0)", qos: .utility) }
    }

    public var workers: Int { queues.count }

    /// The JPEG of `map` at hint `level` (revealing `percents[level]` % of its pixels); nil when the store has no such map.
    public func mask(map: Int64, level: Int, store: any GameStore) async throws -> Data? {
        precondition(percents.indices.contains(level), "reveal level \(level) outside 0..<\(percents.count)")
        return try await images(map: map, store: store)?.levels[level]
    }

    /// The full image of `map` (the outcome page).
    public func fullImage(map: Int64, store: any GameStore) async throws -> Data? {
        try await images(map: map, store: store)?.full
    }

    /// Starts rendering `map` in the background unless it is cached or already being rendered:
    /// called when a game starts, so its first mask is ready, or nearly, when the client asks.
    public func prefetch(map: Int64, store: any GameStore) {
        guard state.withLock({ $0.entries[map] == nil && $0.inFlight[map] == nil }) else { return }
        Task.detached(priority: .utility) { _ = try? await self.images(map: map, store: store) }
    }

    /// Requests served without starting a rendering (`hits`), renderings started (`misses`), maps
    /// and bytes held (admin page, tests).
    public var statistics: (hits: Int, misses: Int, entries: Int, bytes: Int) {
        state.withLock { ($0.hits, $0.misses, $0.entries.count, $0.bytes) }
    }

    private enum Lookup { case cached(MapImages), rendering(Task<MapImages?, any Error>) }

    private func images(map: Int64, store: any GameStore) async throws -> MapImages? {
        let lookup = state.withLock { s -> Lookup in
            if var entry = s.entries[map] {
                s.clock += 1
                s.hits += 1
                entry.used = s.clock
                s.entries[map] = entry
                return .cached(entry.images)
            }
            if let running = s.inFlight[map] {
                s.hits += 1
                return .rendering(running)
            }
            s.misses += 1
            let task = Task { try await self.render(map: map, store: store) }
            s.inFlight[map] = task
            return .rendering(task)
        }
        let task: Task<MapImages?, any Error>
        switch lookup {
        case .cached(let images): return images
        case .rendering(let running): task = running
        }
        let result = await task.result
        state.withLock { s in
            if s.inFlight[map] == task { s.inFlight.removeValue(forKey: map) }
        }
        let images = try result.get()
        if let images { insert(images, for: map) }
        return images
    }

    /// Algorithm 2 at every level of `percents` and the plain image, JPEG-encoded, on the map's worker.
    private func render(map: Int64, store: any GameStore) async throws -> MapImages? {
        guard let stored = try await store.storedMap(map) else { return nil }
        let (percents, quality) = (percents, quality)
        let queue = queues[Int(UInt64(bitPattern: map) % UInt64(queues.count))]
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result {
                    let image = try Image.decode(stored.imagePNG, name: "map \(map)")
                    let heatmap = try FloatMap(width: stored.width, height: stored.height, values: stored.heatmap)
                    let levels = try GameMasks.masked(image: image, heatmap: heatmap, percents: percents)
                        .map { try $0.image.encoded(.jpeg(quality: quality)) }
                    return MapImages(levels: levels, full: try image.encoded(.jpeg(quality: quality)))
                })
            }
        }
    }

    private func insert(_ images: MapImages, for map: Int64) {
        state.withLock { s in
            guard s.entries[map] == nil else { return }
            s.clock += 1
            s.entries[map] = Entry(images: images, used: s.clock)
            s.bytes += images.bytes
            while s.bytes > capacityBytes, s.entries.count > 1,
                  let oldest = s.entries.lazy.filter({ $0.key != map }).min(by: { $0.value.used < $1.value.used })?.key {
                s.bytes -= s.entries.removeValue(forKey: oldest)?.images.bytes ?? 0
            }
        }
    }
}
