import Foundation
import INVCore

/// A built study directory read back (what `inv study serve` and `export` work from): the resolved
/// config, every participant's trials from design.csv and the panel of every image × method from
/// conditions.csv. Reading checks that the three files agree and that every panel file exists.
public struct BuiltStudy: Sendable {
    /// The panel of one image under one method.
    public struct Condition: Sendable, Equatable {
        public var code: String
        /// Relative to the study directory, e.g. `stimuli/cat-00000001/B.png`.
        public var panel: String
        /// The class the model predicted for the image ("" when the run had none).
        public var predicted: String
        /// The top labels of a labelled ANV's cells, shown under INV's panel ("" for none).
        public var legend: String
    }

    public let layout: StudyLayout
    public let config: StudyConfig
    /// design.csv's rows per participant number (1-based), in trial order.
    public let trials: [Int: [StudyDesign.Trial]]
    /// Image key → method → panel.
    public let conditions: [String: [String: Condition]]

    /// The number of participant rows of the design.
    public var participants: Int { trials.count }

    public init(layout: StudyLayout) throws {
        self.layout = layout
        guard let data = FileManager.default.contents(atPath: layout.config.path) else { throw StudyError.notBuilt(layout.root.path) }
        config = try ConfigDecoder.decode(StudyConfig.self, from: JSONDecoder().decode(ConfigValue.self, from: data))
        conditions = try Self.readConditions(layout, methods: config.methods)
        trials = try Self.readDesign(layout, conditions: conditions)
        guard trials.keys.sorted() == Array(1...max(1, trials.count)), !trials.isEmpty else {
            throw StudyError.inconsistent(layout.design.path, "expected participants numbered 1…N, got \(trials.keys.sorted().prefix(10))")
        }
    }

    /// The condition a design row shows.
    public func condition(of trial: StudyDesign.Trial) -> Condition { conditions[trial.image]![trial.method]! }

    static func table(_ url: URL, header: [String]) throws -> [(line: Int, fields: [String])] {
        guard let text = FileManager.default.contents(atPath: url.path).flatMap({ String(data: $0, encoding: .utf8) }) else {
            throw FileError.read(url.path, "no such readable UTF-8 file; run `inv study build` first")
        }
        let rows = try CSVText.rows(text)
        guard let first = rows.first, first.fields == header else {
            throw StudyError.inconsistent(url.path, "expected the header \(header.joined(separator: ","))")
        }
        for row in rows.dropFirst() where row.fields.count != header.count {
            throw StudyError.inconsistent("\(url.path):\(row.line)", "expected \(header.count) fields, got \(row.fields.count)")
        }
        return Array(rows.dropFirst())
    }

    static func readConditions(_ layout: StudyLayout, methods: [String]) throws -> [String: [String: Condition]] {
        var out: [String: [String: Condition]] = [:]
        for row in try table(layout.conditions, header: ["image", "method", "code", "panel", "fragment", "predicted", "legend"]) {
            let f = row.fields
            guard methods.contains(f[1]) else { throw StudyError.inconsistent("\(layout.conditions.path):\(row.line)", "method '\(f[1])' is not in study.json") }
            guard !f[3].contains(".."), FileManager.default.fileExists(atPath: layout.root.appendingPathComponent(f[3]).path) else {
                throw StudyError.inconsistent("\(layout.conditions.path):\(row.line)", "panel '\(f[3])' is missing from the study directory")
            }
            out[f[0], default: [:]][f[1]] = Condition(code: f[2], panel: f[3], predicted: f[5], legend: f[6])
        }
        return out
    }

    static func readDesign(_ layout: StudyLayout, conditions: [String: [String: Condition]]) throws -> [Int: [StudyDesign.Trial]] {
        var out: [Int: [StudyDesign.Trial]] = [:]
        for row in try table(layout.design, header: ["participant", "trial", "image", "method", "position", "attention_check"]) {
            let f = row.fields
            let place = "\(layout.design.path):\(row.line)"
            guard let participant = Int(f[0]), let trial = Int(f[1]), let position = Int(f[4]), let check = Bool(f[5]) else {
                throw StudyError.inconsistent(place, "expected numbers in participant, trial, position and true/false in attention_check")
            }
            guard conditions[f[2]]?[f[3]] != nil else { throw StudyError.inconsistent(place, "no panel of image '\(f[2])' under '\(f[3])' in conditions.csv") }
            guard trial == (out[participant]?.count ?? 0) + 1 else { throw StudyError.inconsistent(place, "expected trial \((out[participant]?.count ?? 0) + 1) of participant \(participant)") }
            out[participant, default: []].append(StudyDesign.Trial(participant: participant, trial: trial, image: f[2], method: f[3],
                                                                   position: position, attentionCheck: check))
        }
        return out
    }
}
