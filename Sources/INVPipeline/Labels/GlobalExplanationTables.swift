import INVCore

/// Global explanations as tables (thesis §5.2.2: "labeled cluster maps … allow for representing
/// image features in a tabular format"): one row per class, layer group and label, ranked by global
/// score. CSV for analysis, Markdown for reading, LaTeX (`booktabs`) for papers. With validation
/// results each table gains a TCAV column: the label tested as a concept of the class at the group's
/// deepest tested layer (``ConceptValidationIndex``), `–` where it was not tested.
public struct GlobalExplanationTables: Sendable {
    public var classes: [ClassGlobalExplanation]
    /// Labels shown per layer group in Markdown and LaTeX (the thesis shows 6); CSV has them all.
    public var labelsPerGroup: Int
    /// TCAV results to show beside the labels; nil: no TCAV column.
    public var tcav: ConceptValidationIndex?

    public init(_ classes: [ClassGlobalExplanation], labelsPerGroup: Int = 6, tcav: ConceptValidationIndex? = nil) {
        self.classes = classes
        self.labelsPerGroup = labelsPerGroup
        self.tcav = tcav
    }

    public static let csvHeader = "class_index,class,group,layers,rank,label,global_score,weight,clusters,images,slope"
    /// The columns the CSV gains with TCAV results (empty where a label was not tested).
    public static let csvTCAVHeader = "tcav_layer,tcav_score,tcav_score_sd,tcav_p_value,tcav_verdict"

    /// The validation row of `label` in `group` of `c`, when there are TCAV results and it was tested.
    func tcavRow(_ c: ClassGlobalExplanation, _ group: GlobalLayerGroup, _ label: GlobalLabel) -> ConceptValidation? {
        tcav?.row(target: c.classIndex, layers: group.layers, concept: label.label)
    }

    public var csv: String {
        var lines = [tcav == nil ? Self.csvHeader : Self.csvHeader + "," + Self.csvTCAVHeader]
        for c in classes {
            for (g, group) in c.groups.enumerated() {
                for (rank, label) in group.labels.enumerated() {
                    var fields = [String(c.classIndex), c.className, String(g), group.layers.joined(separator: " "), String(rank + 1), label.label,
                                  number(label.globalScore), number(label.weight), String(label.clusters), String(label.images),
                                  number(label.slope)]
                    if tcav != nil {
                        let r = tcavRow(c, group, label)
                        fields += r.map { [$0.layer, number($0.score), number($0.scoreSD), number($0.pValue), $0.verdict.rawValue] }
                            ?? Array(repeating: "", count: 5)
                    }
                    lines.append(fields.map(CSVText.field).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var markdown: String {
        var md = "# Global explanations\n"
        for c in classes {
            md += "\n## \(c.className) (class \(c.classIndex), \(c.images) images)\n"
            for group in c.groups {
                md += "\n### Layers \(group.layers.joined(separator: ", "))\n\n"
                md += "| rank | label | global score | weight | clusters | images | slope |" + (tcav == nil ? "" : " TCAV |")
                md += "\n|---|---|---|---|---|---|---|" + (tcav == nil ? "" : "---|") + "\n"
                for (rank, label) in group.labels.prefix(labelsPerGroup).enumerated() {
                    md += "| \(rank + 1) | \(label.label.replacingOccurrences(of: "|", with: "\\|")) | \(fixed(label.globalScore, 2)) | "
                    md += "\(fixed(label.weight * 100, 1)) % | \(label.clusters) | \(label.images) | \(signed(label.slope)) |"
                    md += (tcav == nil ? "" : " \(ConceptValidationIndex.cell(tcavRow(c, group, label))) |") + "\n"
                }
            }
        }
        return md
    }

    public var latex: String {
        var tex = "% Global explanations (thesis §5.2.2); needs \\usepackage{booktabs}" + (tcav == nil ? "" : " and amssymb (TCAV marks)") + "\n"
        for c in classes {
            tex += "\\begin{table}[ht]\n\\centering\n\\begin{tabular}{llrrrr" + (tcav == nil ? "" : "l") + "}\n\\toprule\n"
            tex += "Layers & Label & Global score & Weight (\\%) & Images & Slope" + (tcav == nil ? "" : " & TCAV") + " \\\\\n\\midrule\n"
            for (g, group) in c.groups.enumerated() {
                if g > 0 { tex += "\\midrule\n" }
                for (rank, label) in group.labels.prefix(labelsPerGroup).enumerated() {
                    let layers = rank == 0 ? escape(group.layers.joined(separator: ", ")) : ""
                    tex += "\(layers) & \(escape(label.label)) & \(fixed(label.globalScore, 2)) & \(fixed(label.weight * 100, 1)) & "
                    tex += "\(label.images) & \(signed(label.slope))"
                    if tcav != nil {
                        tex += " & " + ConceptValidationIndex.cell(tcavRow(c, group, label), plusMinus: "$\\pm$",
                                                                   marks: ("$\\checkmark$", "$\\times$", "?"), untested: "--")
                    }
                    tex += " \\\\\n"
                }
            }
            tex += "\\bottomrule\n\\end{tabular}\n\\caption{Global explanation of the class ``\(escape(c.className))'' over \(c.images) images.}\n\\end{table}\n"
        }
        return tex
    }

    private func number(_ value: Double) -> String { String(format: "%.6g", value) }
    private func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
    private func signed(_ value: Double) -> String { String(format: "%+.3f", value) }

    private func escape(_ text: String) -> String { Markup.latex(text) }
}
