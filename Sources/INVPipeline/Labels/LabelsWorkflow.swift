import Foundation
import INVCore
import INVImaging

/// The directory-level label workflow that `inv labels apply|global` and the runner's report call:
/// find the ANVs under a directory, label and merge them, write the labelled ANVs and the reports.
public enum LabelsWorkflow {
    /// Every `anv.json` under `root` (root's own included), sorted by path; ANVs in hidden
    /// directories are skipped.
    /// - Throws: ``LabelsWorkflowError/noANVs(_:)`` when there is none, or the decoding error of a bad file (named).
    public static func loadANVs(under root: URL) throws -> [LocatedANV] {
        let root = root.standardizedFileURL
        var found: [String] = []
        if FileManager.default.fileExists(atPath: root.appendingPathComponent("anv.json").path) { found.append("") }
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) {
            let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
            for case let url as URL in walker where url.lastPathComponent == "anv.json" {
                let directory = url.deletingLastPathComponent().standardizedFileURL.path
                if directory.hasPrefix(prefix) { found.append(String(directory.dropFirst(prefix.count))) }
            }
        }
        guard !found.isEmpty else { throw LabelsWorkflowError.noANVs(root.path) }
        let decoder = JSONDecoder()
        return try Set(found).sorted().map { path in
            let url = root.appendingPathComponent(path).appendingPathComponent("anv.json")
            do {
                return LocatedANV(path: path, anv: try decoder.decode(ANV.self, from: Data(contentsOf: url)))
            } catch {
                throw LabelsWorkflowError.badANV(url.path, "\(error)")
            }
        }
    }

    /// Labels and merges the ANVs under `anvRoot` with `records`, and writes, under `out`, each
    /// labelled ANV in its relative directory (``LabelledANVRenderer``) and the cleaning report
    /// (``CleaningReport/write(to:)``).
    /// - Parameter shownImage: the image as the model saw it, for overlays of merged clusters (nil: drawn alone).
    public static func apply(anvRoot: URL, records: [LabelRecord], application: LabelApplication, out: URL,
                             renderer: LabelledANVRenderer = LabelledANVRenderer(),
                             shownImage: (ANV) -> Image? = { _ in nil }) throws -> LabelApplication.Result {
        let anvs = try loadANVs(under: anvRoot)
        let result = try application.apply(anvs, records: records)
        for located in result.anvs {
            try renderer.write(located.anv, source: anvRoot.appendingPathComponent(located.path),
                               image: shownImage(located.anv), to: out.appendingPathComponent(located.path))
        }
        try result.report.write(to: out)
        return result
    }

    /// Computes the global explanations of the labelled ANVs under `anvRoot` and writes them to `out`
    /// (``GlobalExplanationWriter``), with a TCAV column when `tcav` is given.
    /// - Throws: ``LabelsWorkflowError/notLabelled(_:)`` when no ANV there is labelled.
    @discardableResult
    public static func global(anvRoot: URL, settings: GlobalExplanationSettings = GlobalExplanationSettings(), out: URL,
                              labelsPerGroup: Int = 6, tcav: ConceptValidationIndex? = nil) throws -> [ClassGlobalExplanation] {
        let anvs = try loadANVs(under: anvRoot)
        guard anvs.contains(where: { $0.anv.labelling != nil }) else { throw LabelsWorkflowError.notLabelled(anvRoot.path) }
        let classes = GlobalExplanation.explain(anvs, settings: settings)
        try GlobalExplanationWriter(labelsPerGroup: labelsPerGroup, showWeights: settings.layersPerGroup != nil, tcav: tcav)
            .write(classes, anvRoot: anvRoot, to: out)
        return classes
    }
}

public enum LabelsWorkflowError: Error, CustomStringConvertible, Equatable {
    case noANVs(String)
    case badANV(String, String)
    case notLabelled(String)

    public var description: String {
        switch self {
        case .noANVs(let path): "no anv.json under '\(path)' (expected an ANV directory or a run's results)"
        case .badANV(let path, let why): "cannot read '\(path)': \(why)"
        case .notLabelled(let path): "no labelled ANV (schema \(ANV.labelledSchema)) under '\(path)'; run `inv labels apply` first"
        }
    }
}
