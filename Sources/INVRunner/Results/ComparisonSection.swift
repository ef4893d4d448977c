import Foundation
import INVCore

/// The report's per-image comparison: INV's heatmap beside each baseline's (the overlays written
/// with each `evaluation.json`), their scores, a structured explainer's files (SAG's graph drawn,
/// I-GOS's optimisation summarised; ``StructuredFilesPanel``), and the deletion/insertion curves as SVG plots.
extension ResultsCollection {
    /// At most this many points show their INV heatmap per image (a large grid would swamp the page).
    static let pointsShownPerImage = 3

    func comparisonHTML(layout: ResultsLayout) -> String {
        let curveMetrics = metricColumns.map(\.name).filter { name in
            methodRows.contains { row in row.records.contains { !($0.scores[name]?.curve.isEmpty ?? true) } }
        }
        var keys: [String] = []
        for p in points { for image in p.images where image.evaluation != nil && !keys.contains(image.key) { keys.append(image.key) } }
        for b in baselines { for image in b.images where image.evaluation != nil && !keys.contains(image.key) { keys.append(image.key) } }
        guard !keys.isEmpty else { return "" }
        var html = "<h2>INV beside the baselines</h2>\n"
        if points.count > Self.pointsShownPerImage {
            html += "<p>INV is shown for the first \(Self.pointsShownPerImage) of \(points.count) points; every point's heatmaps are in its folder.</p>\n"
        }
        for key in keys {
            var panels: [(name: String, image: String, record: MethodRecord, structure: StructuredFilesPanel?)] = []
            for p in points.prefix(Self.pointsShownPerImage) {
                if let record = p.images.first(where: { $0.key == key })?.evaluation {
                    panels.append((points.count > 1 ? "inv (\(p.label))" : "inv", "points/\(p.record.id)/images/\(key)/inv.png", record, nil))
                }
            }
            for b in baselines {
                if let record = b.images.first(where: { $0.key == key })?.evaluation {
                    let folder = "baselines/\(b.record.id)/images/\(key)/"
                    let structure = record.files.map {
                        StructuredFilesPanel(method: b.record.spec.plugin, folder: folder,
                                             directory: layout.image(baseline: b.record.id, image: key), files: $0)
                    }
                    panels.append((b.record.spec.plugin, folder + "overlay.png", record, structure))
                }
            }
            html += "<h3>\(HTML.escape(key))</h3>\n<div class=\"panels\">\n"
            var graphs = ""
            for panel in panels {
                let scores = panel.record.scores.keys.sorted().map { "\($0) \(String(format: "%.3f", panel.record.scores[$0]!.value))" }
                let structured = panel.structure?.html()
                let caption = [HTML.escape(scores.joined(separator: " · "))] + (panel.record.partial == true ? ["<b>partial</b> (time limit)"] : [])
                    + (structured?.caption ?? [])
                html += "<figure><img src=\"\(HTML.escape(panel.image))\" width=\"160\" alt=\"\(HTML.escape(panel.name)) heatmap\">"
                html += "<figcaption><b>\(HTML.escape(panel.name))</b><br>\(caption.joined(separator: "<br>"))</figcaption></figure>\n"
                graphs += structured?.figures ?? ""
            }
            html += graphs
            for metric in curveMetrics {
                let series = panels.compactMap { panel -> (String, [Double])? in
                    guard let curve = panel.record.scores[metric]?.curve, !curve.isEmpty else { return nil }
                    return (panel.name, curve)
                }
                html += "<figure>" + CurvePlot(title: "\(metric) curve", series: series).svg() + "</figure>\n"
            }
            html += "</div>\n"
        }
        return html
    }
}
