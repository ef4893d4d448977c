import Foundation
import PostgresNIO

extension PostgresGameStore {
    /// The data set lock: two processes importing at once would otherwise both see "no class list yet".
    static let importLockKey: Int64 = 0x4445_4550_5256_4C32

    public func importDataset(_ dataset: RevealDataset) async throws -> RevealDataset.Summary {
        let names = String(decoding: try JSONEncoder().encode(dataset.classNames), as: UTF8.self)
        return try await transaction { db in
            try await db.run("SELECT pg_advisory_xact_lock(\(Self.importLockKey))", logger: logger)
            let existing = try await db.first("SELECT value FROM meta WHERE key = 'class_names'", as: String.self, logger: logger)
            if let existing, existing != names {
                throw RevealError.store("the database holds a run of another model (its class list differs); import into a new database")
            }
            try await db.run("""
                INSERT INTO meta(key, value) VALUES ('class_names', \(names)) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                """, logger: logger)
            var summary = RevealDataset.Summary(images: 0, maps: 0, skippedImages: 0)
            for image in dataset.images {
                guard let imageID = try await db.first("""
                    INSERT INTO images(run, name, class_index, probability, png)
                    VALUES (\(image.run), \(image.name), \(image.classIndex), \(image.probability), \(image.png))
                    ON CONFLICT (run, name) DO NOTHING RETURNING id
                    """, as: Int64.self, logger: logger) else {
                    summary.skippedImages += 1
                    continue
                }
                for map in image.maps {
                    try await db.run("""
                        INSERT INTO maps(image_id, layer, layer_index, cluster, weight, width, height, heatmap)
                        VALUES (\(imageID), \(map.layer), \(map.layerIndex), \(map.cluster), \(map.weight), \(map.width), \(map.height),
                                \(FloatBlob.encode(map.values)))
                        """, logger: logger)
                }
                summary.images += 1
                summary.maps += image.maps.count
            }
            // The default trust map: the heaviest cluster of the deepest layer of the image the model is surest of.
            if let trust = try await db.first("""
                SELECT m.id FROM maps m JOIN images i ON i.id = m.image_id
                ORDER BY i.probability DESC, i.id, m.layer_index DESC, m.weight DESC LIMIT 1
                """, as: Int64.self, logger: logger) {
                try await db.run("""
                    INSERT INTO meta(key, value) VALUES ('trust_map', \(String(trust))) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                    """, logger: logger)
            }
            return summary
        }
    }

    public func classNames() async throws -> [String] {
        guard let text = try await autocommit({ db in
            try await db.first("SELECT value FROM meta WHERE key = 'class_names'", as: String.self, logger: logger)
        }) else { return [] }
        return try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    public func storedMap(_ map: Int64) async throws -> StoredMap? {
        try await autocommit { db in
            try await db.first("""
                SELECT i.png, m.width, m.height, m.heatmap FROM maps m JOIN images i ON i.id = m.image_id WHERE m.id = \(map)
                """, as: (Data, Int, Int, Data).self, logger: logger)
        }.map { png, width, height, heatmap in
            StoredMap(imagePNG: png, width: width, height: height, heatmap: FloatBlob.decode(heatmap))
        }
    }

    public func mapID(image: String, layer: String, cluster: Int) async throws -> Int64? {
        try await autocommit { db in
            try await db.first("""
                SELECT m.id FROM maps m JOIN images i ON i.id = m.image_id
                WHERE i.name = \(image) AND m.layer = \(layer) AND m.cluster = \(cluster)
                ORDER BY m.id LIMIT 1
                """, as: Int64.self, logger: logger)
        }
    }

    public func defaultTrustMap() async throws -> Int64? {
        try await autocommit { db in
            try await db.first("SELECT value FROM meta WHERE key = 'trust_map'", as: String.self, logger: logger)
        }.flatMap { Int64($0) }
    }
}
