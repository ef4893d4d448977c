import Foundation
import GRDB
import INVCore
import INVStudy

/// Reading the answers back as the responses file `inv study analyze` reads (README, "Human-subject
/// studies"), and the free-text comments beside it.
extension StudyStore {
    /// One free-text comment on a trial.
    public struct Comment: Sendable, Equatable {
        public var participant: String
        public var trial: Int
        public var image: String
        public var method: String
        public var text: String
    }

    /// The participant label of the responses file: `P` and the design number, zero-padded to the
    /// width of the largest number (`P01` … `P24`).
    public static func label(_ number: Int, of participants: Int) -> String {
        let width = max(2, String(participants).count)
        let digits = String(number)
        return "P" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Every stored answer, by participant number then trial: one row per rating item (in the config's
    /// order), an `attention-check` row on trials that carry one (`pass` when the answer equals the
    /// expected value), then `sus1`…`sus10` and the `tlx-…` scales of participants who finished.
    public func responses(config: StudyConfig, participants: Int) async throws -> [Response] {
        let expected = config.attentionChecks?.expected
        return try await pool.read { db in
            var out: [Response] = []
            let people = try Row.fetchAll(db, sql: "SELECT id, number FROM participants ORDER BY number")
            for person in people {
                let id: Int64 = person["id"], label = Self.label(person["number"], of: participants)
                let ratings = try Row.fetchAll(db, sql: "SELECT trial, item, value FROM ratings WHERE participant_id = ?", arguments: [id])
                var byTrial: [Int: [String: Int]] = [:]
                for r in ratings {
                    let trial: Int = r["trial"], item: String = r["item"], value: Int = r["value"]
                    byTrial[trial, default: [:]][item] = value
                }
                for t in try Row.fetchAll(db, sql: "SELECT * FROM trials WHERE participant_id = ? ORDER BY trial", arguments: [id]) {
                    let trial: Int = t["trial"], image: String = t["image"], method: String = t["method"], seconds: Double = t["seconds"]
                    for item in config.items {
                        guard let value = byTrial[trial]?[item.id] else { continue }
                        out.append(Response(participant: label, trial: trial, image: image, method: method, item: item.id, value: Double(value), seconds: seconds))
                    }
                    if let attention = t["attention"] as Int? {
                        out.append(Response(participant: label, trial: trial, image: image, method: method, item: Response.attentionCheckItem,
                                            value: Double(attention), seconds: seconds, attentionCheckPassed: attention == expected))
                    }
                }
                let answers = try Row.fetchAll(db, sql: "SELECT item, value FROM questionnaire WHERE participant_id = ?", arguments: [id])
                let values = Dictionary(uniqueKeysWithValues: answers.map { ($0["item"] as String, $0["value"] as Int) })
                for item in Questionnaire.susItems + Questionnaire.tlxScales {
                    guard let value = values[item] else { continue }
                    out.append(Response(participant: label, trial: nil, image: "", method: "", item: item, value: Double(value), seconds: nil))
                }
            }
            return out
        }
    }

    /// The non-empty free-text comments, by participant number then trial.
    public func comments(participants: Int) async throws -> [Comment] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.number, t.trial, t.image, t.method, t.comment FROM trials t JOIN participants p ON p.id = t.participant_id
                WHERE t.comment <> '' ORDER BY p.number, t.trial
                """).map { Comment(participant: Self.label($0["number"], of: participants), trial: $0["trial"], image: $0["image"],
                                   method: $0["method"], text: $0["comment"]) }
        }
    }

    /// comments.csv: `participant,trial,image,method,comment`.
    public static func commentsCSV(_ comments: [Comment]) -> String {
        var lines = ["participant,trial,image,method,comment"]
        for c in comments {
            lines.append([c.participant, String(c.trial), c.image, c.method, c.text].map(CSVText.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Participants who entered, consented and finished (for the start-up line and `export`'s summary).
    public func progress() async throws -> (entered: Int, consented: Int, finished: Int) {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, COUNT(consented) AS c, COUNT(finished) AS f FROM participants")!
            return (row["n"], row["c"], row["f"])
        }
    }
}
