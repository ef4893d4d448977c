import Foundation
import INVCore
import INVImaging

/// Writes a labelled ANV's files into a directory: `anv.json` (schema `invkit.anv/2`), an overlay
/// `L<l>-C<c>.jpg` per cluster (as ``ANVRenderer`` names them) and `anv.html`, the layers as columns with each cluster's top label,
/// weight and a bar chart of all its label scores (thesis Figures 19 and 20; a merged cluster's
/// bars are stacked by source cluster, `wᵢ · scoreᵢ / Σ w`). Every file is written atomically.
public struct LabelledANVRenderer: Sendable {
    public var colormap: Colormap

    public init(colormap: Colormap = .jet) {
        self.colormap = colormap
    }

    /// - Parameters:
    ///   - source: the unlabelled ANV's directory; the overlays of clusters that were not merged are
    ///     copied from it (`L<l>-C<source>.jpg`, or `.png` as older runs wrote them).
    ///   - image: the image as the model saw it (0…255), to overlay merged maps on; without it a
    ///     merged map is drawn alone in the colormap.
    public func write(_ anv: ANV, source: URL?, image: Image?, to directory: URL) throws {
        var overlays: [(url: URL, data: Data)] = []
        var page = LabelledPage(anv: anv)
        for (l, layer) in anv.layers.enumerated() {
            page.openColumn(layer)
            for (c, cluster) in layer.clusters.enumerated() {
                let name = "L\(l)-C\(c).jpg"
                let sources = cluster.labels?.sources ?? [c]
                if sources.count == 1, let source, let data = Self.overlay(in: source, layer: l, cluster: sources[0]) {
                    overlays.append((directory.appendingPathComponent(name), data))
                } else {
                    overlays.append((directory.appendingPathComponent(name), try drawn(cluster, layer: layer, image: image, inputShape: anv.inputShape)))
                }
                page.cluster(cluster, index: c, overlay: name)
            }
            page.closeColumn()
        }
        for overlay in overlays { try AtomicFile.write(overlay.data, to: overlay.url) }
        try AtomicFile.writeJSON(anv, to: directory.appendingPathComponent("anv.json"))
        try AtomicFile.write(Data(page.finished().utf8), to: directory.appendingPathComponent("anv.html"))
    }

    /// The overlay of cluster `cluster` of layer `layer` in an ANV directory: `L<l>-C<c>.jpg`, or `.png`
    /// as runs before JPEG overlays wrote it (the bytes are copied whatever their format; browsers sniff it).
    public static func overlay(in directory: URL, layer: Int, cluster: Int) -> Data? {
        for ext in ["jpg", "png"] {
            if let data = FileManager.default.contents(atPath: directory.appendingPathComponent("L\(layer)-C\(cluster).\(ext)").path) {
                return data
            }
        }
        return nil
    }

    private func drawn(_ cluster: ClusterMap, layer: LayerExplanation, image: Image?, inputShape: [Int]) throws -> Data {
        let map = try FloatMap(width: layer.width, height: layer.height, values: cluster.map)
        if let image { return try image.overlaid(heatmap: map.rescaledToUnitInterval(), colormap: colormap, opacity: 0.5).encoded(.jpeg(quality: 90)) }
        let side = inputShape.count == 3 ? (height: inputShape[1], width: inputShape[2]) : (height: 224, width: 224)
        let resized = try map.resized(width: side.width, height: side.height).rescaledToUnitInterval()
        return try colormap.image(of: resized).encoded(.jpeg(quality: 90))
    }
}

/// The labelled ANV page: one column per layer; per cluster its overlay, top label, weight, games
/// and label-score bars.
private struct LabelledPage {
    private var body = ""
    private let anv: ANV
    /// Colours of the stacked bar segments, one per source cluster of a merge.
    private let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"]

    init(anv: ANV) {
        self.anv = anv
        body += "<h1>\(HTML.escape(anv.image))</h1>\n<p>Model <b>\(HTML.escape(anv.model))</b>. Predicted <b>\(HTML.escape(anv.predicted.label))</b> "
        body += "(p = \(HTML.fixed(anv.predicted.probability, 3))); explained target <b>\(HTML.escape(anv.target.label))</b>. "
        if let labelling = anv.labelling {
            body += "\(labelling.records) label records, scores by Eq. 3.2 with n_masks = \(labelling.masks); synonym groups: \(HTML.escape(labelling.grouping)).</p>\n"
        } else {
            body += "</p>\n"
        }
        body += "<div class=\"anv\">\n"
    }

    mutating func openColumn(_ layer: LayerExplanation) {
        body += "<div class=\"layer\"><h2>\(HTML.escape(layer.layer))</h2>"
        let merges = layer.merges ?? []
        body += "<p class=\"meta\">\(layer.clusters.count) clusters" + (merges.isEmpty ? "" : ", \(merges.count) merged on shared labels") + "</p>\n"
    }

    mutating func cluster(_ cluster: ClusterMap, index: Int, overlay: String) {
        let labels = cluster.labels
        body += "<figure class=\"\(cluster.kept ? "kept" : "dropped")\"><img src=\"\(overlay)\" alt=\"cluster \(index)\">"
        let best = labels?.best ?? []
        body += "<figcaption><b class=\"top\">" + (best.isEmpty ? "—" : HTML.escape(best.joined(separator: " / "))) + "</b><br>"
        body += "w = \(HTML.fixed(cluster.weight * 100, 1)) % · \(cluster.members.count) maps"
        if let labels {
            let g = labels.games
            body += "<br>\(g.games) games: \(g.wins) won, \(g.losses) lost, \(g.resigns) resigned; \(HTML.fixed(g.meanHints, 1)) hints/game"
            if labels.sources.count > 1 { body += "<br>merged from clusters \(labels.sources.map(String.init).joined(separator: ", "))" }
        }
        body += "</figcaption>"
        if let labels, let top = labels.scores.first?.score, top > 0 {
            body += "<table class=\"bars\">"
            let total = (labels.scores.first?.bySource ?? []).isEmpty ? 0 : cluster.weight
            for score in labels.scores {
                body += "<tr\(labels.best.contains(score.label) ? " class=\"best\"" : "")><td>\(HTML.escape(score.label))</td><td class=\"bar\">"
                if let parts = score.bySource, !parts.isEmpty, total > 0 {
                    for part in parts {
                        let share = part.weight * part.score / total
                        let colour = palette[(labels.sources.firstIndex(of: part.cluster) ?? 0) % palette.count]
                        body += "<span style=\"width:\(HTML.fixed(share / top * 100, 1))%;background:\(colour)\" title=\"cluster \(part.cluster): \(HTML.fixed(part.score, 2))\"></span>"
                    }
                } else {
                    body += "<span style=\"width:\(HTML.fixed(score.score / top * 100, 1))%\"></span>"
                }
                body += "</td><td>\(HTML.fixed(score.score, 2))</td></tr>"
            }
            body += "</table>"
        }
        body += "</figure>\n"
    }

    mutating func closeColumn() { body += "</div>\n" }

    func finished() -> String {
        """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Labelled ANV — \(HTML.escape(anv.image))</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 1.5em; }
        .anv { display: flex; gap: 1em; align-items: flex-start; overflow-x: auto; }
        .layer { min-width: 220px; max-width: 220px; }
        .layer h2 { font-size: 0.9em; word-break: break-all; }
        .meta { font-size: 0.75em; color: #555; }
        figure { margin: 0 0 1.2em 0; }
        figure img { width: 210px; display: block; }
        figure.dropped { opacity: 0.45; }
        figcaption { font-size: 0.8em; }
        .top { font-size: 1.2em; }
        table.bars { width: 210px; font-size: 0.72em; border-collapse: collapse; }
        table.bars td { padding: 0 2px; white-space: nowrap; }
        table.bars td.bar { width: 60%; }
        table.bars span { display: inline-block; height: 0.8em; background: #4e79a7; vertical-align: middle; }
        tr.best td:first-child { font-weight: bold; }
        </style></head><body>
        \(body)</div>
        </body></html>

        """
    }
}

/// Text helpers shared by the label pages.
enum HTML {
    static func escape(_ s: String) -> String { Markup.html(s) }

    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
