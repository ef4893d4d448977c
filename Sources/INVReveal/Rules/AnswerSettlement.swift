import INVCore

/// How an answer settles a game (thesis §3.4.2): the outcome, the points it earns, the player's new
/// win streak and whether it fails the trust check. The stores call this inside the transaction
/// that records the answer, so every store applies the same rules.
public struct AnswerSettlement: Sendable, Equatable {
    public var outcome: LabelRecord.Outcome
    /// The class chosen (nil for a resignation).
    public var choice: Int?
    public var score: RevealRules.Score
    public var streak: Int
    /// A wrong guess on the trust game: the player's labels are flagged untrusted from now on.
    public var failsTrust: Bool
}

extension RevealRules {
    /// Settles `answer` to `game` for a player whose streak was `previousStreak`, or gives the message
    /// of an answer the game does not allow (a class outside the options, resigning before the last hint).
    public func settle(_ answer: Answer, of game: GameRecord, previousStreak: Int) -> Result<AnswerSettlement, AnswerRejection> {
        let outcome: LabelRecord.Outcome
        var choice: Int?
        switch answer.kind {
        case .choice(let chosen):
            guard game.options.contains(chosen) else { return .failure(AnswerRejection(message: "choice: expected one of the game's options")) }
            outcome = chosen == game.correctClass ? .win : .loss
            choice = chosen
        case .resign:
            guard canResign(hints: game.hints) else {
                return .failure(AnswerRejection(message: "resign: allowed only after all \(maximumHints) hints"))
            }
            outcome = .resign
        }
        return .success(AnswerSettlement(outcome: outcome, choice: choice,
                                         score: score(outcome: outcome, hints: game.hints, streak: previousStreak, tagged: !answer.tags.isEmpty),
                                         streak: streak(after: outcome, previous: previousStreak),
                                         failsTrust: game.isTrustGame && outcome == .loss))
    }
}

/// Why an answer was refused (reported to the client as a 400 with this message).
public struct AnswerRejection: Error, Sendable, Equatable {
    public var message: String
}
