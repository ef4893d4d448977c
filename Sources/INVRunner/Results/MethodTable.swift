import Foundation
import INVCore

/// The method × metric comparison (issue 5's table): INV of every point beside every baseline,
/// each metric as mean ± sd with its 95 % confidence interval over images, the best value of
/// each column marked, and each metric's better direction in its header (↑ higher, ↓ lower).
/// Undefined values (NaN: `cluster-effect` of an image with one cluster) are left out of a cell;
/// when a structured explainer's time limit cut images short, a Partial column counts them.
extension ResultsCollection {
    /// One row of the comparison: a method's name as shown, and its records (one per image).
    struct MethodRow {
        var name: String
        var records: [MethodRecord]

        /// Images a structured explainer's time limit cut short (``MethodRecord/partial``).
        var partialCount: Int { records.filter { $0.partial == true }.count }
    }

    /// INV per point (named by the point when the grid has several), then each baseline job.
    var methodRows: [MethodRow] {
        var rows = points.compactMap { p -> MethodRow? in
            let records = p.images.compactMap(\.evaluation)
            guard !records.isEmpty else { return nil }
            return MethodRow(name: points.count > 1 ? "inv (\(p.label))" : "inv", records: records)
        }
        let methodCounts = Dictionary(grouping: baselines, by: { $0.record.spec.plugin }).mapValues(\.count)
        for b in baselines {
            let records = b.images.compactMap(\.evaluation)
            guard !records.isEmpty else { continue }
            let parameters = b.record.spec.parameters.keys.sorted().map { "\($0)=\(b.record.spec.parameters[$0]!)" }.joined(separator: ", ")
            rows.append(MethodRow(name: methodCounts[b.record.spec.plugin]! > 1 ? "\(b.record.spec.plugin) (\(parameters))" : b.record.spec.plugin,
                                  records: records))
        }
        return rows
    }

    /// Metric names in the order the records list them first, with their better direction.
    var metricColumns: [(name: String, better: Direction)] {
        var seen: [(String, Direction)] = []
        for row in methodRows {
            for record in row.records {
                for name in record.metrics where !seen.contains(where: { $0.0 == name }) {
                    seen.append((name, record.better[name] ?? .higherIsBetter))
                }
            }
        }
        return seen
    }

    /// The method × metric table, or nil when the run scored no metric.
    public func methodTable() -> ResultTable? {
        let metrics = metricColumns
        let rows = methodRows
        guard !metrics.isEmpty, !rows.isEmpty else { return nil }
        let showsPartial = rows.contains { $0.partialCount > 0 }
        var cells: [[ResultTable.Cell]] = rows.map { row in
            [.text(row.name)] + metrics.map { metric in
                .estimate(Estimate(row.records.compactMap { $0.scores[metric.name]?.value }.filter(\.isFinite), digits: metric.name == "runtime" ? 2 : 3))
            } + [.text("\(row.records.count)")] + (showsPartial ? [.text("\(row.partialCount)")] : [])
        }
        for (m, metric) in metrics.enumerated() {
            let column = m + 1
            let means = cells.map { row -> Double? in if case .estimate(let e) = row[column], e.mean.isFinite { e.mean } else { nil } }
            let valid = means.compactMap { $0 }
            guard let best = metric.better == .higherIsBetter ? valid.max() : valid.min() else { continue }
            for r in cells.indices where means[r] == best {
                if case .estimate(var e) = cells[r][column] { e.best = true; cells[r][column] = .estimate(e) }
            }
        }
        return ResultTable(title: "Methods × metrics: mean ± sd [95 % CI] over images; best per column in bold; ↑ higher is better, ↓ lower is better",
                           columns: ["Method"] + metrics.map { "\($0.name) \($0.better == .higherIsBetter ? "↑" : "↓")" } + ["Images"] + (showsPartial ? ["Partial"] : []),
                           rows: cells)
    }
}
