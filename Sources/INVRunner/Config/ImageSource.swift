import Foundation
import INVCore

/// The images of an experiment: a folder, a glob or a list of files, optionally a seeded sample.
///
/// ```yaml
/// images: ${INV_CACHE}/photos              # a folder (every .png/.jpg/.jpeg, sorted by name)
/// images: data/val/*.JPEG                  # a glob (wildcards in the file name only)
/// images: [a.png, b.jpg]                   # a list
/// images: {folder: data/val, limit: 50, seed: 1}   # a sample of 50, the same for every seed 1 run
/// ```
public struct ImageSource: Codable, Sendable, Equatable {
    public var folder: String?
    public var glob: String?
    public var files: [String]?
    /// Keep this many images, chosen with `seed` (in their listed order).
    public var limit: Int?
    public var seed: UInt64 = 0

    public init(files: [String]) { self.files = files }
    public init(folder: String) { self.folder = folder }

    enum CodingKeys: String, CodingKey, CaseIterable { case folder, glob, files, limit, seed }

    public init(from decoder: Decoder) throws {
        let path = ConfigDecoder.render(decoder.codingPath)
        switch try ConfigValue(from: decoder) {
        case .string(let s):
            if s.contains(where: { "*?[".contains($0) }) { glob = s } else { folder = s }
            return
        case .array:
            files = try [String](from: decoder)
            return
        case .object:
            break
        case let other:
            throw ConfigError(path: path, message: "expected a folder, a glob, a list of files or a mapping with folder/glob/files, got \(other.typeName) '\(other)'")
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        folder = try c.decodeIfPresent(String.self, forKey: .folder)
        glob = try c.decodeIfPresent(String.self, forKey: .glob)
        files = try c.decodeIfPresent([String].self, forKey: .files)
        limit = try c.decodeIfPresent(Int.self, forKey: .limit)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        guard [folder != nil, glob != nil, files != nil].filter({ $0 }).count == 1 else {
            throw ConfigError(path: path, message: "expected exactly one of folder, glob, files")
        }
        if let limit, limit < 1 {
            throw ConfigError(path: path.isEmpty ? "limit" : path + ".limit", message: "expected an integer ≥ 1, got \(limit)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(folder, forKey: .folder)
        try c.encodeIfPresent(glob, forKey: .glob)
        try c.encodeIfPresent(files, forKey: .files)
        try c.encodeIfPresent(limit, forKey: .limit)
        if limit != nil { try c.encode(seed, forKey: .seed) }
    }

    /// The image files, paths expanded (see ``PathExpansion``); errors name the key and the path.
    public func resolve(expansion: PathExpansion) throws -> [URL] {
        let listed: [URL]
        if let folder {
            let directory = try expansion.url(folder, key: "images.folder")
            listed = try Self.imageFiles(in: directory, matching: nil, key: "images.folder")
        } else if let glob {
            let url = try expansion.url(glob, key: "images.glob")
            listed = try Self.imageFiles(in: url.deletingLastPathComponent(), matching: url.lastPathComponent, key: "images.glob")
            guard !listed.isEmpty else { throw ConfigError(path: "images.glob", message: "no file matches '\(url.path)'") }
        } else {
            listed = try (files ?? []).enumerated().map { i, file in
                let url = try expansion.url(file, key: "images.files[\(i)]")
                guard FileManager.default.fileExists(atPath: url.path) else {
                    throw ConfigError(path: "images.files[\(i)]", message: "no such file '\(url.path)'")
                }
                return url
            }
        }
        guard !listed.isEmpty else { throw ConfigError(path: "images", message: "no images (.png, .jpg, .jpeg) found") }
        guard let limit, limit < listed.count else { return listed }
        var random = SeededRandom(seed: seed)
        let chosen = Set(Array(listed.indices).shuffled(using: &random).prefix(limit))
        return listed.indices.filter(chosen.contains).map { listed[$0] }
    }

    private static func imageFiles(in directory: URL, matching pattern: String?, key: String) throws -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw ConfigError(path: key, message: "no such folder '\(directory.path)'")
        }
        let extensions: Set<String> = ["png", "jpg", "jpeg"]
        return names.sorted().filter { name in
            if let pattern { return fnmatch(pattern, name, 0) == 0 }
            return extensions.contains((name as NSString).pathExtension.lowercased())
        }.map { directory.appendingPathComponent($0) }
    }
}

/// Expands `~` and `${VAR}` in config paths. `${INV_CACHE}` defaults to the model cache
/// (`~/.cache/invkit`) when the variable is not set; any other unset variable is an error.
public struct PathExpansion: Sendable {
    public var environment: [String: String]
    /// Relative paths are resolved against this folder (the working directory).
    public var base: URL

    public init(environment: [String: String], defaultCache: String, base: URL) {
        var environment = environment
        if (environment["INV_CACHE"] ?? "").isEmpty { environment["INV_CACHE"] = defaultCache }
        self.environment = environment
        self.base = base
    }

    public func expand(_ text: String, key: String) throws -> String {
        var result = ""
        var rest = Substring(text)
        if rest == "~" || rest.hasPrefix("~/") {
            result = environment["HOME"] ?? NSHomeDirectory()
            rest = rest.dropFirst()
        }
        while let open = rest.range(of: "${") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw ConfigError(path: key, message: "unclosed '${' in '\(text)'")
            }
            let name = String(rest[open.upperBound..<close])
            guard let value = environment[name] else {
                throw ConfigError(path: key, message: "environment variable '\(name)' is not set (in '\(text)')")
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    public func url(_ text: String, key: String) throws -> URL {
        let path = try expand(text, key: key)
        return path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
    }
}
