import Foundation
import Hummingbird
import INVReveal
import INVStudy

/// Trials (the next one, its answer), the end-of-study questionnaires and the stimulus files.
extension StudyServer {
    func addTrialRoutes(to router: Router<StudyContext>) {
        router.get("/api/trial") { request, context in try await self.nextTrial(request, context) }
        router.post("/api/trials/{trial}/answer") { request, context in try await self.answer(request, context) }
        router.post("/api/questionnaire") { request, context in try await self.questionnaire(request, context) }
        router.get("/stimuli/{image}/{file}") { request, context in
            let path = "stimuli/\(context.parameters.get("image") ?? "")/\(context.parameters.get("file") ?? "")"
            guard self.panels.contains(path), let data = FileManager.default.contents(atPath: self.study.layout.root.appendingPathComponent(path).path) else {
                throw HTTPError(.notFound, message: "no such stimulus")
            }
            return WebResponses.file(data, type: "image/png")
        }
    }

    /// The participant's consented, unfinished state, or the error explaining why trials are closed.
    func requireTrialStage(_ context: StudyContext) async throws -> (ParticipantRecord, StudyViews.StateView) {
        let participant = try Self.requireParticipant(context)
        let state = try await state(of: participant)
        switch state.stage {
        case .consent: throw HTTPError(.forbidden, message: "give consent first (POST /api/consent)")
        case .done: throw HTTPError(.conflict, message: "you have finished the study; your completion code is \(participant.completionCode ?? "")")
        case .trials, .questionnaire: return (participant, state)
        }
    }

    /// The next unanswered trial in `?lang=` (default: the participant's language); its response time starts now.
    func nextTrial(_ request: Request, _ context: StudyContext) async throws -> Response {
        let (participant, state) = try await requireTrialStage(context)
        guard state.stage == .trials else { throw HTTPError(.conflict, message: "every trial is answered: the questionnaires are next") }
        let language = try Self.validated { try AnswerValidation.language(request.uri.queryParameters.get("lang") ?? participant.language) }
        let trial = trials(of: participant)[state.answered]
        _ = try await store.markShown(participant: participant.id, trial: trial.trial, now: now())
        return try WebResponses.json(trialView(trial, total: state.total, language: language))
    }

    func trialView(_ trial: StudyDesign.Trial, total: Int, language: String) -> StudyViews.TrialView {
        let config = study.config, condition = study.condition(of: trial)
        let items = config.items.map { item in
            let wording = item.wording(in: language)
            return StudyViews.ItemView(id: item.id, text: wording.text ?? item.text, points: item.points, low: wording.low ?? item.low, high: wording.high ?? item.high)
        }
        let check = trial.attentionCheck ? config.attentionChecks.map {
            StudyViews.CheckView(text: $0.text(in: language), points: AnswerValidation.attentionPoints(config))
        } : nil
        let caption = config.showMethodNames ? trial.method : (language == "it" ? "Spiegazione " : "Explanation ") + condition.code
        return StudyViews.TrialView(trial: trial.trial, total: total, panel: "/" + condition.panel, caption: caption, legend: condition.legend,
                                    predicted: condition.predicted,
                                    items: items, attentionCheck: check, freeText: config.freeText)
    }

    func answer(_ request: Request, _ context: StudyContext) async throws -> Response {
        let participant = try Self.requireParticipant(context)
        let designTrials = trials(of: participant)
        guard let number = context.parameters.get("trial", as: Int.self), (1...designTrials.count).contains(number) else {
            throw HTTPError(.notFound, message: "trial: expected 1 to \(designTrials.count)")
        }
        let body = try await WebResponses.decode(StudyViews.TrialAnswerRequest.self, request, context)
        guard let shown = try await store.shownAt(participant: participant.id, trial: number) else {
            throw HTTPError(.conflict, message: "trial \(number) was not shown yet: GET /api/trial first")
        }
        let design = designTrials[number - 1]
        let serverSeconds = now().timeIntervalSince(shown)
        let answer = try Self.validated {
            try AnswerValidation.trial(number, ratings: body.ratings, attention: body.attention, comment: body.comment, seconds: body.seconds,
                                       design: design, config: study.config, serverSeconds: serverSeconds, tolerance: settings.secondsTolerance)
        }
        let outcome = try await store.answer(participant: participant.id, answer, image: design.image, method: design.method,
                                             serverSeconds: serverSeconds, now: now())
        switch outcome {
        case .stored, .duplicate:
            return try WebResponses.json(StudyViews.AnswerView(trial: number, duplicate: outcome == .duplicate, state: try await state(of: participant)))
        case .alreadyAnswered: throw HTTPError(.conflict, message: "trial \(number) is already answered; an answer cannot be changed")
        case .outOfOrder(let expected): throw HTTPError(.conflict, message: "trials are answered in order: trial \(expected) is next")
        case .finished: throw HTTPError(.conflict, message: "you have finished the study")
        }
    }

    /// SUS and raw NASA-TLX in one transaction, which also finishes the participant and fixes their completion code.
    func questionnaire(_ request: Request, _ context: StudyContext) async throws -> Response {
        let participant = try Self.requireParticipant(context)
        guard participant.consented != nil else { throw HTTPError(.forbidden, message: "give consent first (POST /api/consent)") }
        let body = try await WebResponses.decode(StudyViews.QuestionnaireRequest.self, request, context)
        let answer = try Self.validated { try AnswerValidation.questionnaires(sus: body.sus, tlx: body.tlx) }
        let code = study.config.completionCode ?? Self.readableCode(length: 8)
        switch try await store.finish(participant: participant.id, answer, trials: trials(of: participant).count, code: code, now: now()) {
        case .finished:
            guard let updated = try await store.participant(id: participant.id) else { throw HTTPError(.notFound, message: "no such participant") }
            return try WebResponses.json(try await state(of: updated))
        case .alreadyFinished(let code): throw HTTPError(.conflict, message: "you have finished the study; your completion code is \(code)")
        case .trialsLeft(let left): throw HTTPError(.conflict, message: "\(left) trial(s) are still unanswered")
        }
    }
}
