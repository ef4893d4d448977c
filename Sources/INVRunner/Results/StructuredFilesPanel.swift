import Foundation
import INVCore

/// The report's view of one baseline image's structured files (``MethodRecord/files``): each SVG
/// (SAG's graph) a figure of its own, embedded as a `data:` image so `report.html` stays
/// self-contained; each JSON file a caption line linking it with a one-line summary
/// (``StructuredFileSummary``). A listed file that is missing or does not decode says so, in red.
struct StructuredFilesPanel {
    /// The method's name, for captions.
    var method: String
    /// The image's folder relative to the report (`baselines/<id>/images/<key>/`), for links.
    var folder: String
    /// The same folder on disk, to read the files.
    var directory: URL
    var files: [String]

    /// - Returns: HTML lines for the method's caption, and the graph figures.
    func html() -> (caption: [String], figures: String) {
        var figures = "", notes: [String] = []
        for name in files {
            let link = "<a href=\"\(HTML.escape(folder + name))\">\(HTML.escape(name))</a>"
            let path = directory.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path) else {
                notes.append("<span class=\"failed\">\(link): missing</span>")
                continue
            }
            if name.hasSuffix(".svg") {
                figures += "<figure class=\"graph\"><img src=\"data:image/svg+xml;base64,\(data.base64EncodedString())\" "
                figures += "alt=\"\(HTML.escape(method)) graph\"><figcaption><b>\(HTML.escape(method))</b> graph (\(link))</figcaption></figure>\n"
            } else if name.hasSuffix(".json") {
                do { notes.append("\(link): \(HTML.escape(try StructuredFileSummary.read(data, path: path).text))") } catch {
                    notes.append("<span class=\"failed\">\(link): \(HTML.escape("\(error)"))</span>")
                }
            } else {
                notes.append(link)
            }
        }
        return (notes, figures)
    }
}
