import Foundation
import INVImaging
import INVPipeline
import Synchronization

/// The game's images, made on demand from the stored image and cluster map with Algorithm 2
/// (``GameMasks``) and kept in memory as JPEG. Nothing is pre-rendered in bulk: a level is
/// rendered when a player first needs it, and the server asks ahead for what comes next
/// (``prefetch(map:level:store:)``: level 0 when a game starts, the next level when one is shown),
/// so the request usually finds its image ready.
///
/// A map's decoded image and its upscaled, sorted cluster map (``GameMasks/Prepared``, ~1 MB for a
/// 224 × 224 map) are kept for the most recent maps, up to ``preparedCapacityBytes``, so each further
/// level costs only its blur. The default holds ~500 maps: more than the players who play at once
/// in a busy study (each game walks one map through its levels), since a map dropped mid-game is
/// decoded, upscaled and sorted again for each of its next levels.
/// Concurrent requests for one image wait for a single rendering. Renderings run on ``workers``
/// dedicated threads (a map always on the same one), never on the cooperative pool, so a burst of
/// new maps cannot starve the game's JSON requests. Memory is bounded by ``capacityBytes``; the
/// least recently used images are dropped first.
public final class MaskCache: Sendable {
    /// Level −1 is the full image (the outcome page).
    struct Key: Hashable { var map: Int64; var level: Int }
    struct Entry { var data: Data; var used: UInt64 }
    struct PreparedEntry { var prepared: GameMasks.Prepared; var bytes: Int; var used: UInt64 }
    struct State {
        var entries: [Key: Entry] = [:]
        var bytes = 0
        var prepared: [Int64: PreparedEntry] = [:]
        var preparedBytes = 0
        var clock: UInt64 = 0
        var hits = 0
        var misses = 0
        var inFlight: [Key: Task<Data?, any Error>] = [:]
    }

    static let fullImage = -1

    /// The share of pixels each reveal level shows (the rules' `revealPercents`, Table 3).
    public let percents: [Double]
    public let capacityBytes: Int
    public let preparedCapacityBytes: Int
    public let quality: Int
    private let state = Mutex(State())
    private let queues: [DispatchQueue]

    public init(percents: [Double], capacityBytes: Int = 256 << 20, preparedCapacityBytes: Int = 512 << 20, quality: Int = 88, workers: Int = 2) {
        self.percents = percents
        self.capacityBytes = capacityBytes
        self.preparedCapacityBytes = preparedCapacityBytes
        self.quality = quality
        queues = (0..<max(workers, 1)).map { DispatchQueue(label: "invkit.reveal.masks.\($0)", qos: .utility) }
    }

    public var workers: Int { queues.count }

    /// The JPEG of `map` at hint `level` (revealing `percents[level]` % of its pixels); nil when the store has no such map.
    public func mask(map: Int64, level: Int, store: any GameStore) async throws -> Data? {
        precondition(percents.indices.contains(level), "reveal level \(level) outside 0..<\(percents.count)")
        return try await image(Key(map: map, level: level), store: store)
    }

    /// The full image of `map` (the outcome page).
    public func fullImage(map: Int64, store: any GameStore) async throws -> Data? {
        try await image(Key(map: map, level: Self.fullImage), store: store)
    }

    /// Starts rendering `map` at `level` in the background unless it is cached, being rendered, or
    /// beyond the last level.
    public func prefetch(map: Int64, level: Int, store: any GameStore) {
        guard percents.indices.contains(level) else { return }
        prefetch(Key(map: map, level: level), store: store)
    }

    /// Starts rendering the full image of `map` in the background (when a game is answered).
    public func prefetchFullImage(map: Int64, store: any GameStore) {
        prefetch(Key(map: map, level: Self.fullImage), store: store)
    }

    private func prefetch(_ key: Key, store: any GameStore) {
        guard case .rendering(let task) = lookup(key, store: store, countingHits: false) else { return }
        Task.detached(priority: .utility) { _ = try? await self.finish(key, task) }
    }

    /// Requests served without starting a rendering (`hits`), renderings started (`misses`), images
    /// and bytes held (admin page, tests).
    public var statistics: (hits: Int, misses: Int, entries: Int, bytes: Int) {
        state.withLock { ($0.hits, $0.misses, $0.entries.count, $0.bytes) }
    }

    /// The maps whose prepared form is kept, and its bytes (tests).
    var preparedStatistics: (maps: Set<Int64>, bytes: Int) {
        state.withLock { (Set($0.prepared.keys), $0.preparedBytes) }
    }

    private enum Lookup { case cached(Data), rendering(Task<Data?, any Error>) }

    private func image(_ key: Key, store: any GameStore) async throws -> Data? {
        switch lookup(key, store: store, countingHits: true) {
        case .cached(let data): return data
        case .rendering(let task): return try await finish(key, task)
        }
    }

    /// The cached image, or the rendering to wait for (started here unless one is running). A
    /// prefetch does not count as a hit.
    private func lookup(_ key: Key, store: any GameStore, countingHits: Bool) -> Lookup {
        state.withLock { s -> Lookup in
            if var entry = s.entries[key] {
                s.clock += 1
                if countingHits { s.hits += 1 }
                entry.used = s.clock
                s.entries[key] = entry
                return .cached(entry.data)
            }
            if let running = s.inFlight[key] {
                if countingHits { s.hits += 1 }
                return .rendering(running)
            }
            s.misses += 1
            let task = Task { try await self.render(key, store: store) }
            s.inFlight[key] = task
            return .rendering(task)
        }
    }

    /// Waits for a rendering and caches its image.
    private func finish(_ key: Key, _ task: Task<Data?, any Error>) async throws -> Data? {
        let result = await task.result
        state.withLock { s in
            if s.inFlight[key] == task { s.inFlight.removeValue(forKey: key) }
        }
        let data = try result.get()
        if let data { insert(data, for: key) }
        return data
    }

    /// Algorithm 2 at `key.level` (or the plain image), JPEG-encoded, on the map's worker.
    private func render(_ key: Key, store: any GameStore) async throws -> Data? {
        let cached = state.withLock { s -> GameMasks.Prepared? in
            guard var entry = s.prepared[key.map] else { return nil }
            s.clock += 1
            entry.used = s.clock
            s.prepared[key.map] = entry
            return entry.prepared
        }
        let stored = cached == nil ? try await store.storedMap(key.map) : nil
        guard cached != nil || stored != nil else { return nil }
        let (percents, quality) = (percents, quality)
        let queue = queues[Int(UInt64(bitPattern: key.map) % UInt64(queues.count))]
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result {
                    let prepared = try cached ?? self.prepare(stored!, map: key.map)
                    let image = key.level == Self.fullImage ? prepared.image : try prepared.masked(percent: percents[key.level]).image
                    return try image.encoded(.jpeg(quality: quality))
                })
            }
        }
    }

    /// Decodes the stored image, upscales and sorts the map, and keeps the result for the map's other levels.
    private func prepare(_ stored: StoredMap, map: Int64) throws -> GameMasks.Prepared {
        let image = try Image.decode(stored.imagePNG, name: "map \(map)")
        let prepared = try GameMasks.Prepared(image: image, heatmap: try FloatMap(width: stored.width, height: stored.height, values: stored.heatmap))
        keep(prepared, for: map)
        return prepared
    }

    /// Keeps `prepared`, dropping the least recently used others while over ``preparedCapacityBytes``.
    private func keep(_ prepared: GameMasks.Prepared, for map: Int64) {
        state.withLock { s in
            s.clock += 1
            s.preparedBytes -= s.prepared[map]?.bytes ?? 0
            s.prepared[map] = PreparedEntry(prepared: prepared, bytes: prepared.bytes, used: s.clock)
            s.preparedBytes += prepared.bytes
            while s.preparedBytes > preparedCapacityBytes, s.prepared.count > 1,
                  let oldest = s.prepared.lazy.filter({ $0.key != map }).min(by: { $0.value.used < $1.value.used })?.key {
                s.preparedBytes -= s.prepared.removeValue(forKey: oldest)?.bytes ?? 0
            }
        }
    }

    private func insert(_ data: Data, for key: Key) {
        state.withLock { s in
            guard s.entries[key] == nil else { return }
            s.clock += 1
            s.entries[key] = Entry(data: data, used: s.clock)
            s.bytes += data.count
            while s.bytes > capacityBytes, s.entries.count > 1,
                  let oldest = s.entries.lazy.filter({ $0.key != key }).min(by: { $0.value.used < $1.value.used })?.key {
                s.bytes -= s.entries.removeValue(forKey: oldest)?.data.count ?? 0
            }
        }
    }
}
