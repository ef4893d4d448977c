import INVCore

/// Validation rows (TCAV, ``ConceptValidation``) by (class, layer, concept), for the TCAV column
/// of the global explanation tables: the INV paper's Figure 4 shows each label's weight, the label
/// and its TCAV score side by side. A plain value, so the tables need no validator plugin.
public struct ConceptValidationIndex: Sendable, Equatable {
    /// What a row is looked up by: the class index, the layer, the concept (a label's name).
    public struct Key: Hashable, Sendable {
        public var target: Int
        public var layer: String
        public var concept: String
    }

    public private(set) var rows: [Key: ConceptValidation]

    /// Indexes `rows`; of two rows with the same key the later one is kept.
    public init(_ rows: [ConceptValidation]) {
        self.rows = Dictionary(rows.map { (Key(target: $0.target, layer: $0.layer, concept: $0.concept), $0) }, uniquingKeysWith: { $1 })
    }

    /// The row of `concept` for class `target` at the deepest of `layers` (a global explanation's
    /// layer group, shallow to deep) where it was tested; nil when it was tested at none of them.
    public func row(target: Int, layers: [String], concept: String) -> ConceptValidation? {
        layers.reversed().lazy.compactMap { rows[Key(target: target, layer: $0, concept: concept)] }.first
    }

    /// One table cell: the score's mean ± sd over the runs, ✓ (significant), ✗ (not) or ? (undefined),
    /// and the corrected p-value — `0.83 ± 0.05 ✓ p=0.012`; `untested` when `row` is nil.
    /// LaTeX passes its own `plusMinus`, `marks` and `untested`.
    public static func cell(_ row: ConceptValidation?, plusMinus: String = "±",
                            marks: (significant: String, notSignificant: String, undefined: String) = ("✓", "✗", "?"),
                            untested: String = "–") -> String {
        guard let row else { return untested }
        let mark = switch row.verdict {
        case .significant: marks.significant
        case .notSignificant: marks.notSignificant
        case .undefined: marks.undefined
        }
        let p = row.pValue.isNaN ? "n/a" : String(format: "%.2g", row.pValue)
        return "\(String(format: "%.2f", row.score)) \(plusMinus) \(String(format: "%.2f", row.scoreSD)) \(mark) p=\(p)"
    }
}
