import Foundation
import Hummingbird

/// Playing (thesis §3.4.2, "Gameplay"): start or resume, show more, the masked image, answer
/// with a class (or resign) and the characteristics, the outcome. Each game route finds the game
/// by its id *and* the session's player: another player's id answers 404 like an unknown one.
extension RevealServer {
    func addGameRoutes(to router: Router<RevealContext>) {
        router.post("/api/games") { request, context in try await self.startOrResume(context) }
        router.get("/api/games/current") { request, context in
            let player = try Self.requirePlayer(context)
            let game = try await self.store.currentGame(player: player.id)
            return try Self.json(["game": game.map { RevealViews.GameView($0, rules: self.config.rules, classNames: self.classNames) }])
        }
        router.get("/api/games/{id}") { request, context in
            let game = try await self.ownedGame(context)
            guard game.state == .playing else { throw Self.error(.conflict, "the game is finished: see /api/games/\(game.publicID)/result") }
            return try Self.json(RevealViews.GameView(game, rules: self.config.rules, classNames: self.classNames))
        }
        router.post("/api/games/{id}/reveal") { request, context in try await self.reveal(context) }
        router.get("/api/games/{id}/mask") { request, context in try await self.mask(request, context) }
        router.post("/api/games/{id}/answer") { request, context in try await self.answer(request, context) }
        router.get("/api/games/{id}/result") { request, context in
            let game = try await self.ownedGame(context)
            guard game.state == .finished else { throw Self.error(.conflict, "the game is not answered yet") }
            return try Self.json(RevealViews.ResultView(game, player: context.player, classNames: self.classNames))
        }
        router.get("/api/games/{id}/image") { request, context in
            let game = try await self.ownedGame(context)
            guard game.state == .finished else { throw Self.error(.forbidden, "the full image is shown after the answer") }
            guard let data = try await self.masks.fullImage(map: game.map, store: self.store) else { throw Self.error(.notFound, "no such image") }
            return Self.jpeg(data)
        }
    }

    func ownedGame(_ context: RevealContext) async throws -> GameRecord {
        let player = try Self.requirePlayer(context)
        let id = context.parameters.get("id") ?? ""
        guard id.count <= 64, let game = try await store.game(publicID: id, player: player.id) else {
            throw Self.error(.notFound, "no such game for this player")
        }
        return game
    }

    func startOrResume(_ context: RevealContext) async throws -> Response {
        let player = try Self.requirePlayer(context)
        guard let game = try await store.startGame(player: player.id, rules: config.rules, trustMap: trustMap, seed: nextGameSeed(), now: Date()) else {
            throw Self.error(.conflict, "you have played every image: thank you!")
        }
        masks.prefetch(map: game.map, level: game.hints, store: store)
        return try Self.json(RevealViews.GameView(game, rules: config.rules, classNames: classNames))
    }

    func reveal(_ context: RevealContext) async throws -> Response {
        let player = try Self.requirePlayer(context)
        let id = context.parameters.get("id") ?? ""
        guard id.count <= 64, let game = try await store.reveal(publicID: id, player: player.id, rules: config.rules) else {
            throw Self.error(.notFound, "no such game for this player")
        }
        guard game.state == .playing else { throw Self.error(.conflict, "the game is finished") }
        return try Self.json(RevealViews.GameView(game, rules: config.rules, classNames: classNames))
    }

    /// The masked image at `level` (default: the game's current hint level). Levels beyond the hints
    /// paid for are refused until the game is over.
    func mask(_ request: Request, _ context: RevealContext) async throws -> Response {
        let game = try await ownedGame(context)
        let level = request.uri.queryParameters.get("level", as: Int.self) ?? game.hints
        let allowed = game.state == .finished ? config.rules.maximumHints : game.hints
        guard (0...allowed).contains(level) else {
            throw Self.error(.forbidden, "level: expected 0…\(allowed) (take a hint to see more)")
        }
        guard let data = try await masks.mask(map: game.map, level: level, store: store) else {
            throw Self.error(.notFound, "no such cluster map")
        }
        if game.state == .playing { masks.prefetch(map: game.map, level: level + 1, store: store) }  // the next hint
        return Self.jpeg(data)
    }

    func answer(_ request: Request, _ context: RevealContext) async throws -> Response {
        let player = try Self.requirePlayer(context)
        let id = context.parameters.get("id") ?? ""
        let body = try await Self.decode(RevealViews.AnswerRequest.self, request, context)
        let (tags, language) = try Self.validated { (try InputValidation.tags(body.tags), try InputValidation.language(body.language)) }
        let kind: Answer.Kind
        switch (body.choice, body.resign ?? false) {
        case (let choice?, false): kind = .choice(choice)
        case (nil, true): kind = .resign
        default: throw Self.error(.badRequest, "expected either \"choice\": a class index or \"resign\": true")
        }
        guard id.count <= 64 else { throw Self.error(.notFound, "no such game for this player") }
        let result = try await store.answer(publicID: id, player: player.id, answer: Answer(kind: kind, tags: tags, language: language),
                                            rules: config.rules, now: Date())
        switch result {
        case .finished(let game, let updated):
            masks.prefetchFullImage(map: game.map, store: store)  // the outcome page shows it next
            return try Self.json(RevealViews.ResultView(game, player: updated, classNames: classNames))
        case .alreadyFinished(let game):
            return try Self.json(RevealViews.ResultView(game, player: player, classNames: classNames), status: .conflict)
        case .notFound:
            throw Self.error(.notFound, "no such game for this player")
        case .rejected(let message):
            throw Self.error(.badRequest, message)
        }
    }

    static func jpeg(_ data: Data) -> Response {
        Response(status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "private, max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
