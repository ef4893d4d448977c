import Foundation
import INVCore

/// Writes a run's tables (CSV, Markdown, LaTeX) and `report.html` from what is on disk — and, after
/// sharded runs, `manifest.json` merged from the shards' manifests; used at the end of `inv run` and
/// by `inv results merge`.
public enum ResultsWriter {
    /// - Returns: the files written.
    @discardableResult
    public static func write(_ layout: ResultsLayout) throws -> [URL] {
        let results = try ResultsCollection.read(layout)
        guard !results.points.isEmpty else {
            throw FileError.read(layout.points.path, "no points found (expected points/<id>/point.json; is this a results directory?)")
        }
        var written: [URL] = []
        let tables = [("methods", results.methodTable()), ("layers", results.layerTable()), ("grid", results.gridTable())]
            .compactMap { name, table in table.map { (name, $0) } }
        for (name, table) in tables {
            for (ext, text) in [("csv", table.csv()), ("md", table.markdown()), ("tex", table.latex())] {
                let url = layout.tables.appendingPathComponent("\(name).\(ext)")
                try AtomicFile.write(Data(text.utf8), to: url)
                written.append(url)
            }
        }
        if let merged = try MergedManifest.read(layout) {
            try AtomicFile.writeJSON(merged, to: layout.manifest(shard: nil))
            written.append(layout.manifest(shard: nil))
        }
        try AtomicFile.write(Data(report(results, tables: tables.map(\.1), layout: layout).utf8), to: layout.report)
        return written + [layout.report]
    }

    /// A self-contained page: the tables, then per point its images linking to their `anv.html`.
    static func report(_ results: ResultsCollection, tables: [ResultTable], layout: ResultsLayout) -> String {
        var body = "<h1>INVKit results: \(HTML.escape(layout.root.lastPathComponent))</h1>\n"
        body += "<p>Config: <a href=\"config.resolved.yaml\">config.resolved.yaml</a>. Tables as CSV, Markdown and LaTeX in <a href=\"tables/\">tables/</a>.</p>\n"
        body += tables.map { $0.html() }.joined()
        body += results.comparisonHTML(layout: layout)
        body += LabelsAndValidationSection.html(layout)
        for p in results.points {
            body += "<h2>Point <code>\(p.record.id)</code></h2>\n<p>\(HTML.escape(p.record.assignments.isEmpty ? "(no grid)" : p.label))</p>\n<ul>\n"
            for image in p.images {
                let folder = "points/\(p.record.id)/images/\(image.key)/"
                if let anv = image.anv {
                    body += "<li><a href=\"\(folder)anv.html\">\(HTML.escape(image.key))</a> — predicted \(HTML.escape(anv.predicted.label)) "
                    body += "(p = \(String(format: "%.3f", anv.predicted.probability))), explained \(HTML.escape(anv.target.label))</li>\n"
                } else if let failure = image.failure {
                    body += "<li class=\"failed\">\(HTML.escape(image.key)): failed — \(HTML.escape(failure.error))</li>\n"
                }
            }
            if p.pending > 0 { body += "<li>\(p.pending) image(s) not run yet</li>\n" }
            body += "</ul>\n"
        }
        return """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>INVKit results — \(HTML.escape(layout.root.lastPathComponent))</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 1.5em; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.85em; }
        caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
        th, td { border-bottom: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .failed { color: #a00; }
        .panels { display: flex; flex-wrap: wrap; gap: 0.8em; align-items: flex-start; }
        figure { margin: 0; font-size: 0.8em; max-width: 340px; }
        figure.graph { max-width: 100%; }
        figure.graph img { max-width: 100%; height: auto; }
        td.best { background: #eef6ee; }
        </style></head><body>
        \(body)</body></html>

        """
    }
}
