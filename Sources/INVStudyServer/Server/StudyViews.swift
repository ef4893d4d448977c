import Foundation
import INVStudy

/// The JSON the rating app's API sends and reads. No view names a trial's method unless the study
/// shows method names.
public enum StudyViews {
    public enum Stage: String, Codable, Sendable { case consent, trials, questionnaire, done }

    /// Where the participant is: the client shows the page of `stage`.
    public struct StateView: Codable, Sendable {
        /// The participant's label in the responses file (`P07`).
        public var participant: String
        /// The `?pid=` or generated code that resumes this participant.
        public var code: String
        public var language: String
        public var stage: Stage
        public var answered: Int
        public var total: Int
        public var completionCode: String?
        /// The study's own consent text by language, when it has one.
        public var consent: [String: String]?
    }

    public struct SessionView: Codable, Sendable {
        public var csrf: String
        public var state: StateView?
    }

    public struct ItemView: Codable, Sendable {
        public var id: String
        public var text: String
        public var points: Int
        public var low: String
        public var high: String
    }

    public struct CheckView: Codable, Sendable {
        public var text: String
        public var points: Int
    }

    /// One trial: the panel (the explanation over the photo), its caption and the predicted class, and what to answer.
    public struct TrialView: Codable, Sendable {
        public var trial: Int
        public var total: Int
        public var panel: String
        public var caption: String
        /// A labelled ANV's top labels under INV's panel ("" for every other panel).
        public var legend: String
        public var predicted: String
        public var items: [ItemView]
        public var attentionCheck: CheckView?
        public var freeText: Bool
    }

    public struct AnswerView: Codable, Sendable {
        public var trial: Int
        /// True when the same answer had been stored before (a retried request).
        public var duplicate: Bool
        public var state: StateView
    }

    // Requests.
    public struct EnterRequest: Codable, Sendable {
        /// The link's `?pid=` or a resume code; nil to get a generated code.
        public var pid: String?
        public var language: String
    }
    public struct ConsentRequest: Codable, Sendable {
        public var agree: Bool
        public var language: String
    }
    public struct TrialAnswerRequest: Codable, Sendable {
        public var ratings: [String: Int]
        public var attention: Int?
        public var comment: String?
        public var seconds: Double
    }
    public struct QuestionnaireRequest: Codable, Sendable {
        public var sus: [Int]
        public var tlx: [String: Int]
    }
}
