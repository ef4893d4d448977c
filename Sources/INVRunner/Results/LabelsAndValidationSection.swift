import Foundation

/// The report's section for what is added to a run after it: labelled ANVs (`inv labels apply
/// --anv DIR --out DIR/labelled`), class-level global explanations (`inv labels global --anv
/// DIR/labelled --out DIR/global`), TCAV results (`inv tcav … --out DIR/tcav`) and the rows of a
/// config's `validators:` (`DIR/validation/`). Each part is
/// shown when its files exist; `inv results merge DIR` rebuilds the report after adding them.
enum LabelsAndValidationSection {
    static let labelled = "labelled", global = "global", tcav = "tcav", validation = "validation"

    static func html(_ layout: ResultsLayout) -> String {
        let fm = FileManager.default
        func exists(_ path: String) -> Bool { fm.fileExists(atPath: layout.root.appendingPathComponent(path).path) }
        var parts: [String] = []
        if exists("\(labelled)/cleaning-report.md") {
            let pages = labelledPages(layout.root.appendingPathComponent(labelled))
            var html = "<h3>Labelled ANVs</h3>\n<p>Crowd labels cleaned, scored (Eq. 3.2) and merged (Algorithm 1): "
            html += "<a href=\"\(labelled)/cleaning-report.md\">cleaning report</a> (every mapping made), "
            html += "<a href=\"\(labelled)/synonyms-suggested.csv\">suggested synonym map</a>.</p>\n<ul>\n"
            html += pages.map { "<li><a href=\"\(labelled)/\(HTML.escape($0))/anv.html\">\(HTML.escape($0))</a></li>\n" }.joined()
            parts.append(html + "</ul>\n")
        }
        if exists("\(global)/global.html") {
            let csv = try? String(contentsOf: layout.root.appendingPathComponent("\(global)/global.csv"), encoding: .utf8)
            let tcav = csv?.prefix { $0 != "\n" }.contains("tcav_score") == true
                ? ", and a TCAV column: the label's TCAV score as a concept of the class (the validators' rows)" : ""
            parts.append("<h3>Global explanations</h3>\n<p>Per class and group of layers, each label's global score, weight and slope "
                         + "across depth (thesis §5.2.2)\(tcav): <a href=\"\(global)/global.html\">global.html</a>; tables in "
                         + "<a href=\"\(global)/\">\(global)/</a> (CSV, Markdown, LaTeX).</p>\n")
        }
        if exists("\(tcav)/tcav.md"), let text = try? String(contentsOf: layout.root.appendingPathComponent("\(tcav)/tcav.md"), encoding: .utf8) {
            parts.append("<h3>TCAV</h3>\n<p>Do the classes use the concepts people named? (<a href=\"\(tcav)/tcav.csv\">tcav.csv</a>, "
                         + "<a href=\"\(tcav)/tcav.json\">tcav.json</a>)</p>\n<pre>\(HTML.escape(text))</pre>\n")
        }
        if let table = try? String(contentsOf: layout.root.appendingPathComponent("\(validation)/validation.html"), encoding: .utf8) {
            parts.append("<h3>Validators (config)</h3>\n" + table
                         + "<p>As CSV, Markdown and LaTeX: <a href=\"\(validation)/\">\(validation)/</a>.</p>\n")
        }
        return parts.isEmpty ? "" : "<h2>Labels and validation</h2>\n" + parts.joined()
    }

    /// Relative folders (sorted) under `root` that hold a labelled `anv.html`.
    static func labelledPages(_ root: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else { return [] }
        let prefix = root.standardizedFileURL.path + "/"
        var pages: [String] = []
        for case let url as URL in walker where url.lastPathComponent == "anv.html" {
            let folder = url.deletingLastPathComponent().standardizedFileURL.path
            if folder.hasPrefix(prefix) { pages.append(String(folder.dropFirst(prefix.count))) }
        }
        return pages.sorted()
    }
}
