import Foundation
import INVStudy

/// Checks what a participant sends against the study; a failure names the field and what was expected
/// (the API answers it as a 400).
public enum AnswerValidation {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// Longest free-text comment, in characters.
    public static let commentLength = 2000

    /// A `?pid=` or resume code: 1–64 letters, digits, `-`, `_` or `.`.
    public static func participantID(_ text: String) throws -> String {
        let id = text.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(id.count), id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw Failure("pid: expected 1 to 64 letters, digits, '-', '_' or '.'")
        }
        return id
    }

    public static func language(_ text: String) throws -> String {
        guard StudyConfig.languages.contains(text) else { throw Failure("language: expected one of \(StudyConfig.languages.joined(separator: ", ")), got '\(text.prefix(20))'") }
        return text
    }

    /// The scale of the attention-check item: that of the first rating item, widened to hold the expected answer.
    public static func attentionPoints(_ config: StudyConfig) -> Int {
        max(config.items[0].points, config.attentionChecks?.expected ?? 1)
    }

    /// A trial's answer: one value 1…points per item of the study and no other, the attention-check
    /// answer exactly on trials that carry one, a comment only when the study asks for one, and a
    /// response time that is positive and no longer than the server saw the trial open (plus `tolerance`).
    public static func trial(_ number: Int, ratings: [String: Int], attention: Int?, comment: String?, seconds: Double,
                             design: StudyDesign.Trial, config: StudyConfig, serverSeconds: Double, tolerance: Double) throws -> TrialAnswer {
        let expected = Set(config.items.map(\.id))
        if let unknown = ratings.keys.sorted().first(where: { !expected.contains($0) }) {
            throw Failure("ratings.\(unknown): not an item of the study (\(config.items.map(\.id).joined(separator: ", ")))")
        }
        for item in config.items {
            guard let value = ratings[item.id] else { throw Failure("ratings.\(item.id): missing; every item needs an answer") }
            guard (1...item.points).contains(value) else { throw Failure("ratings.\(item.id): expected 1 to \(item.points), got \(value)") }
        }
        switch (design.attentionCheck, attention) {
        case (true, nil): throw Failure("attention: this trial has an attention-check item; expected its answer")
        case (false, _?): throw Failure("attention: this trial has no attention-check item")
        case (true, let value?):
            let points = attentionPoints(config)
            guard (1...points).contains(value) else { throw Failure("attention: expected 1 to \(points), got \(value)") }
        case (false, nil): break
        }
        let text = comment ?? ""
        guard config.freeText || text.isEmpty else { throw Failure("comment: this study asks for no free text") }
        guard text.count <= commentLength else { throw Failure("comment: at most \(commentLength) characters, got \(text.count)") }
        guard seconds.isFinite, seconds > 0 else { throw Failure("seconds: expected a positive response time, got \(seconds)") }
        guard seconds <= serverSeconds + tolerance else {
            throw Failure("seconds: \(seconds) s is longer than the \(String(format: "%.1f", serverSeconds)) s since the server showed trial \(number)")
        }
        return TrialAnswer(trial: number, ratings: ratings, attention: attention, comment: text, seconds: seconds)
    }

    /// SUS: ten answers 1–5; raw NASA-TLX: the six scales by id (`tlx-mental`, …), each 0–100.
    public static func questionnaires(sus: [Int], tlx: [String: Int]) throws -> QuestionnaireAnswer {
        guard sus.count == 10 else { throw Failure("sus: expected 10 answers, got \(sus.count)") }
        if let (i, bad) = sus.enumerated().first(where: { !(1...5).contains($0.element) }) { throw Failure("sus[\(i)]: expected 1 to 5, got \(bad)") }
        if let unknown = tlx.keys.sorted().first(where: { !Questionnaire.tlxScales.contains($0) }) {
            throw Failure("tlx.\(unknown): not a NASA-TLX scale (\(Questionnaire.tlxScales.joined(separator: ", ")))")
        }
        let scales = try Questionnaire.tlxScales.map { scale -> Int in
            guard let value = tlx[scale] else { throw Failure("tlx.\(scale): missing") }
            guard (0...100).contains(value) else { throw Failure("tlx.\(scale): expected 0 to 100, got \(value)") }
            return value
        }
        return QuestionnaireAnswer(sus: sus, tlx: scales)
    }
}
