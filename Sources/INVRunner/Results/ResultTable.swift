import Foundation

/// A table of results rendered as CSV, Markdown, LaTeX (booktabs) and HTML from one definition.
public struct ResultTable: Sendable, Equatable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        /// Mean and standard deviation over images; `digits` after the point.
        case stat(mean: Double, sd: Double, digits: Int)
    }

    public var title: String
    public var columns: [String]
    public var rows: [[Cell]]

    public init(title: String, columns: [String], rows: [[Cell]]) {
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    /// A statistic column becomes two CSV columns, `<name> mean` and `<name> sd`, with full precision.
    public func csv() -> String {
        let statColumns = Set(columns.indices.filter { c in rows.contains { if case .stat = $0[c] { true } else { false } } })
        var header: [String] = []
        for (c, name) in columns.enumerated() { header += statColumns.contains(c) ? ["\(name) mean", "\(name) sd"] : [name] }
        var lines = [header.map(Self.csvField).joined(separator: ",")]
        for row in rows {
            var fields: [String] = []
            for (c, cell) in row.enumerated() {
                switch cell {
                case .text(let s): fields += statColumns.contains(c) ? [Self.csvField(s), ""] : [Self.csvField(s)]
                case .stat(let mean, let sd, _): fields += ["\(mean)", "\(sd)"]
                }
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func markdown() -> String {
        var lines = ["| " + columns.joined(separator: " | ") + " |",
                     "|" + columns.indices.map { _ in "---|" }.joined()]
        for row in rows { lines.append("| " + row.map { Self.plain($0).replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |") }
        return "**\(title)**\n\n" + lines.joined(separator: "\n") + "\n"
    }

    /// A `booktabs` tabular (`\usepackage{booktabs}`): text columns left-aligned, statistics right-aligned.
    public func latex() -> String {
        let align = columns.indices.map { c in
            rows.allSatisfy { row in
                switch row[c] {
                case .stat: true
                case .text(let s): Double(s) != nil
                }
            } && !rows.isEmpty ? "r" : "l"
        }.joined()
        var lines = ["% \(title)", "\\begin{tabular}{\(align)}", "\\toprule",
                     columns.map(Self.latexEscape).joined(separator: " & ") + " \\\\", "\\midrule"]
        for row in rows {
            lines.append(row.map { cell in
                switch cell {
                case .text(let s): Self.latexEscape(s)
                case .stat(let mean, let sd, let digits): "$\(Self.fixed(mean, digits)) \\pm \(Self.fixed(sd, digits))$"
                }
            }.joined(separator: " & ") + " \\\\")
        }
        lines += ["\\bottomrule", "\\end{tabular}"]
        return lines.joined(separator: "\n") + "\n"
    }

    public func html() -> String {
        var s = "<table>\n<caption>\(HTML.escape(title))</caption>\n<tr>" + columns.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows {
            s += "<tr>" + row.map { cell in
                if case .stat = cell { "<td class=\"num\">\(HTML.escape(Self.plain(cell)))</td>" } else { "<td>\(HTML.escape(Self.plain(cell)))</td>" }
            }.joined() + "</tr>\n"
        }
        return s + "</table>\n"
    }

    static func plain(_ cell: Cell) -> String {
        switch cell {
        case .text(let s): s
        case .stat(let mean, let sd, let digits): "\(fixed(mean, digits)) ± \(fixed(sd, digits))"
        }
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : "–" }

    static func csvField(_ s: String) -> String {
        s.contains(where: { ",\"\n".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func latexEscape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": out += "\\\(ch)"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            default: out.append(ch)
            }
        }
        return out
    }
}

enum HTML {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// Mean and sample standard deviation (n − 1; 0 for a single value, NaN for none).
func meanAndSD(_ values: [Double]) -> (mean: Double, sd: Double) {
    guard !values.isEmpty else { return (.nan, .nan) }
    let mean = values.reduce(0, +) / Double(values.count)
    guard values.count > 1 else { return (mean, 0) }
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    return (mean, variance.squareRoot())
}
