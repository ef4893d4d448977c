import Foundation
import INVCore

/// Writes global explanations into a directory (all atomically): `global.json` (the typed
/// ``ClassGlobalExplanation`` list), `global.csv`, `global.md`, `global.tex` and `global.html`, one
/// section per class with a row per layer group and a card per label — example cluster maps, weight
/// and global score (thesis Figures 23–24; Figure 25 without weights), and with TCAV results each
/// label's TCAV score (``GlobalExplanationTables``). Example overlays are copied from the labelled ANVs into `examples/`.
public struct GlobalExplanationWriter: Sendable {
    public var labelsPerGroup: Int
    /// Show each label's mean weight; the thesis leaves it out when all layers form one group (weights
    /// of shallow and deep layers averaged lose their meaning, Figure 25).
    public var showWeights: Bool
    /// TCAV results shown beside the labels; nil: none.
    public var tcav: ConceptValidationIndex?

    public init(labelsPerGroup: Int = 6, showWeights: Bool = true, tcav: ConceptValidationIndex? = nil) {
        self.labelsPerGroup = labelsPerGroup
        self.showWeights = showWeights
        self.tcav = tcav
    }

    /// - Parameters:
    ///   - root: the directory the labelled ANVs' paths are relative to (their overlays are read from it).
    /// - Returns: the files written.
    @discardableResult
    public func write(_ classes: [ClassGlobalExplanation], anvRoot root: URL, to directory: URL) throws -> [URL] {
        let tables = GlobalExplanationTables(classes, labelsPerGroup: labelsPerGroup, tcav: tcav)
        var written: [URL] = []
        func put(_ text: String, _ name: String) throws {
            let url = directory.appendingPathComponent(name)
            try AtomicFile.write(Data(text.utf8), to: url)
            written.append(url)
        }
        try AtomicFile.writeJSON(classes, to: directory.appendingPathComponent("global.json"))
        written.append(directory.appendingPathComponent("global.json"))
        try put(tables.csv, "global.csv")
        try put(tables.markdown, "global.md")
        try put(tables.latex, "global.tex")

        var copied: [String: String] = [:]
        func example(_ e: GlobalExample) throws -> String? {
            let key = "\(e.anv)/L\(e.layerIndex)-C\(e.cluster)"
            if let name = copied[key] { return name }
            guard let data = LabelledANVRenderer.overlay(in: root.appendingPathComponent(e.anv), layer: e.layerIndex, cluster: e.cluster) else {
                return nil
            }
            let name = "examples/\(copied.count).jpg"
            try AtomicFile.write(data, to: directory.appendingPathComponent(name))
            copied[key] = name
            return name
        }
        var body = ""
        for c in classes {
            body += "<section><h2>\(HTML.escape(c.className)) <small>(class \(c.classIndex), \(c.images) images)</small></h2>\n"
            for group in c.groups {
                body += "<div class=\"group\"><h3>\(HTML.escape(group.layers.joined(separator: ", ")))</h3><div class=\"cards\">"
                for label in group.labels.prefix(labelsPerGroup) {
                    body += "<div class=\"card\"><div class=\"examples\">"
                    for e in label.examples {
                        if let name = try example(e) {
                            body += "<img src=\"\(name)\" title=\"\(HTML.escape(e.image)) · \(HTML.escape(e.layer)) · cluster \(e.cluster) · score \(HTML.fixed(e.score, 2))\">"
                        }
                    }
                    body += "</div><b>\(HTML.escape(label.label))</b><br>"
                    if showWeights { body += "weight \(HTML.fixed(label.weight * 100, 1)) % · " }
                    body += "score \(HTML.fixed(label.globalScore, 2))"
                    if tcav != nil {
                        body += "<br>TCAV \(HTML.escape(ConceptValidationIndex.cell(tables.tcavRow(c, group, label))))"
                    }
                    body += "<br><span class=\"slope\">\(label.slope >= 0 ? "▲" : "▼") \(String(format: "%+.2f", label.slope)) per layer</span></div>"
                }
                body += "</div></div>\n"
            }
            body += "</section>\n"
        }
        try put(page(body), "global.html")
        return written + copied.values.sorted().map { directory.appendingPathComponent($0) }
    }

    private func page(_ body: String) -> String {
        """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Global explanations</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 1.5em; }
        .group { display: flex; gap: 1em; align-items: flex-start; border-top: 1px solid #ccc; padding: 0.5em 0; }
        .group h3 { font-size: 0.85em; min-width: 140px; max-width: 140px; word-break: break-all; }
        .cards { display: flex; gap: 0.8em; flex-wrap: wrap; }
        .card { width: 150px; font-size: 0.8em; }
        .examples img { width: 48px; height: 48px; object-fit: cover; margin-right: 1px; }
        .slope { color: #666; }
        </style></head><body>
        <h1>Global explanations</h1>
        <p>Per class and group of layers, the labels that were a cluster's best label, ordered by global score
        (the sum of their scores there; thesis §5.2.2), with the mean weight of those clusters and the slope of
        the label's score across depth.</p>
        \(body)
        </body></html>

        """
    }
}
