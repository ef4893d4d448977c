import Foundation

/// A participant as the store keeps them: `number` is their row block of design.csv (1-based),
/// given in arrival order; `externalID` is the `?pid=` of the link or the code the app generated.
public struct ParticipantRecord: Sendable, Equatable {
    public var id: Int64
    public var number: Int
    public var externalID: String
    public var language: String
    public var consented: Date?
    public var finished: Date?
    public var completionCode: String?
}

/// One trial's answer as the participant sent it, checked against the study (``AnswerValidation``).
public struct TrialAnswer: Sendable, Equatable {
    public var trial: Int
    /// Item id → value (1…points), one per item of the study.
    public var ratings: [String: Int]
    /// The answer to the trial's attention-check item, on trials that carry one.
    public var attention: Int?
    public var comment: String
    /// The response time the client measured (checked against the server's clock).
    public var seconds: Double
}

/// The end-of-study questionnaires: SUS answers 1–5 in item order, raw NASA-TLX scales 0–100 in
/// the order of ``INVStudy/Questionnaire/tlxScales``.
public struct QuestionnaireAnswer: Sendable, Equatable {
    public var sus: [Int]
    public var tlx: [Int]
}

/// What the store did with an answer.
public enum AnswerOutcome: Sendable, Equatable {
    case stored
    /// The same answer to this trial was stored before (a retried request): nothing written.
    case duplicate
    /// This trial was already answered differently.
    case alreadyAnswered
    /// Trials are answered in order: `expected` is the next one.
    case outOfOrder(expected: Int)
    /// The participant already finished the study.
    case finished
}

/// What the store did with the questionnaires.
public enum FinishOutcome: Sendable, Equatable {
    case finished(code: String)
    case alreadyFinished(code: String)
    case trialsLeft(Int)
}
