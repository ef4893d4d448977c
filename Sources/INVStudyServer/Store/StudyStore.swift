import Foundation
import GRDB
import INVReveal
import INVStudy

/// The rating app's database: one SQLite file opened by INVReveal's ``SQLiteDatabase`` (WAL mode,
/// `synchronous = FULL` by default), so every answer is durable once acknowledged. Each answer is one
/// transaction; every statement binds its values.
///
/// The database belongs to one study: the SHA-256 of its design.csv is kept in `meta` and a database of
/// another design is refused (answers would be attributed to the wrong images).
public final class StudyStore: Sendable {
    let pool: DatabasePool
    public let path: String

    /// - Parameter design: the SHA-256 of the study's design.csv.
    public init(path: String, design: String, synchronous: SQLiteDatabase.Synchronous = .full) throws {
        self.path = path
        do {
            pool = try SQLiteDatabase.open(path: path, synchronous: synchronous, migrator: Self.migrator)
        } catch {
            throw StudyServerError.store("\(path): \(error)")
        }
        let stored = try pool.write { db -> String in
            try db.execute(sql: "INSERT OR IGNORE INTO meta(key, value) VALUES ('design_sha256', ?)", arguments: [design])
            return try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'design_sha256'") ?? ""
        }
        guard stored == design else {
            throw StudyServerError.store("\(path) holds the answers of another study (its design.csv differs); use a new --db for this study")
        }
    }

    /// Opens `sqlite:PATH` or a plain path.
    public static func open(url: String, design: String, synchronous: SQLiteDatabase.Synchronous = .full) throws -> StudyStore {
        do {
            return try StudyStore(path: try SQLiteDatabase.path(fromURL: url), design: design, synchronous: synchronous)
        } catch let error as SQLiteDatabase.OpenError {
            throw StudyServerError.store(error.description)
        }
    }

    public func durability() async throws -> (journal: String, synchronous: Int) { try await SQLiteDatabase.durability(pool) }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("study-1") { db in
            try db.execute(sql: """
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE participants(id INTEGER PRIMARY KEY, number INTEGER NOT NULL UNIQUE, external_id TEXT NOT NULL UNIQUE,
                    language TEXT NOT NULL, created REAL NOT NULL, consented REAL, finished REAL, completion_code TEXT);
                CREATE TABLE sessions(token_hash TEXT PRIMARY KEY, participant_id INTEGER NOT NULL REFERENCES participants(id),
                    csrf TEXT NOT NULL, expires REAL NOT NULL);
                CREATE INDEX sessions_participant ON sessions(participant_id);
                CREATE TABLE shown(participant_id INTEGER NOT NULL REFERENCES participants(id), trial INTEGER NOT NULL,
                    shown REAL NOT NULL, PRIMARY KEY(participant_id, trial));
                CREATE TABLE trials(participant_id INTEGER NOT NULL REFERENCES participants(id), trial INTEGER NOT NULL,
                    image TEXT NOT NULL, method TEXT NOT NULL, attention INTEGER, seconds REAL NOT NULL, server_seconds REAL NOT NULL,
                    comment TEXT NOT NULL, answered REAL NOT NULL, PRIMARY KEY(participant_id, trial));
                CREATE TABLE ratings(participant_id INTEGER NOT NULL, trial INTEGER NOT NULL, item TEXT NOT NULL, value INTEGER NOT NULL,
                    PRIMARY KEY(participant_id, trial, item), FOREIGN KEY(participant_id, trial) REFERENCES trials(participant_id, trial));
                CREATE TABLE questionnaire(participant_id INTEGER NOT NULL REFERENCES participants(id), item TEXT NOT NULL,
                    value INTEGER NOT NULL, PRIMARY KEY(participant_id, item));
                """)
        }
        return migrator
    }

    // MARK: Participants and sessions

    static func participant(_ row: Row) -> ParticipantRecord {
        ParticipantRecord(id: row["id"], number: row["number"], externalID: row["external_id"], language: row["language"],
                          consented: (row["consented"] as Double?).map(Date.init(timeIntervalSince1970:)),
                          finished: (row["finished"] as Double?).map(Date.init(timeIntervalSince1970:)),
                          completionCode: row["completion_code"])
    }

    /// The participant with `externalID`, or a new one with the next free design row block; nil when all
    /// `capacity` blocks are taken. Numbers are given in arrival order inside one transaction.
    public func enter(externalID: String, language: String, capacity: Int, now: Date) async throws -> (participant: ParticipantRecord, new: Bool)? {
        try await pool.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM participants WHERE external_id = ?", arguments: [externalID]) {
                return (Self.participant(row), false)
            }
            let next = (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM participants") ?? 0) + 1
            guard next <= capacity else { return nil }
            try db.execute(sql: "INSERT INTO participants(number, external_id, language, created) VALUES (?, ?, ?, ?)",
                           arguments: [next, externalID, language, now.timeIntervalSince1970])
            let row = try Row.fetchOne(db, sql: "SELECT * FROM participants WHERE id = ?", arguments: [db.lastInsertedRowID])!
            return (Self.participant(row), true)
        }
    }

    public func participant(id: Int64) async throws -> ParticipantRecord? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM participants WHERE id = ?", arguments: [id]).map(Self.participant) }
    }

    public func createSession(tokenHash: String, participant: Int64, csrf: String, expires: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO sessions(token_hash, participant_id, csrf, expires) VALUES (?, ?, ?, ?)",
                           arguments: [tokenHash, participant, csrf, expires.timeIntervalSince1970])
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    /// The session's participant and CSRF token, if the session exists and has not expired.
    public func session(tokenHash: String, now: Date) async throws -> (participant: ParticipantRecord, csrf: String)? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT p.*, s.csrf FROM sessions s JOIN participants p ON p.id = s.participant_id WHERE s.token_hash = ? AND s.expires > ?
                """, arguments: [tokenHash, now.timeIntervalSince1970]) else { return nil }
            return (Self.participant(row), row["csrf"])
        }
    }

    public func consent(participant: Int64, language: String, now: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE participants SET consented = COALESCE(consented, ?), language = ? WHERE id = ?",
                           arguments: [now.timeIntervalSince1970, language, participant])
        }
    }

    // MARK: Trials

    /// How many trials the participant answered (they are answered in order, so the next is this + 1).
    public func answeredCount(participant: Int64) async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trials WHERE participant_id = ?", arguments: [participant]) ?? 0 }
    }

    /// When the trial was first shown (recorded now if it was not): the server's start of its response time.
    public func markShown(participant: Int64, trial: Int, now: Date) async throws -> Date {
        try await pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO shown(participant_id, trial, shown) VALUES (?, ?, ?)",
                           arguments: [participant, trial, now.timeIntervalSince1970])
            return Date(timeIntervalSince1970: try Double.fetchOne(db, sql: "SELECT shown FROM shown WHERE participant_id = ? AND trial = ?",
                                                                   arguments: [participant, trial])!)
        }
    }

    public func shownAt(participant: Int64, trial: Int) async throws -> Date? {
        try await pool.read { db in
            try Double.fetchOne(db, sql: "SELECT shown FROM shown WHERE participant_id = ? AND trial = ?", arguments: [participant, trial])
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Stores one trial's answer and its ratings in one transaction. A retried identical answer is a
    /// ``AnswerOutcome/duplicate``; a different one to an answered trial is refused.
    public func answer(participant: Int64, _ answer: TrialAnswer, image: String, method: String, serverSeconds: Double, now: Date) async throws -> AnswerOutcome {
        try await pool.write { db in
            if try Double.fetchOne(db, sql: "SELECT finished FROM participants WHERE id = ?", arguments: [participant]) != nil { return .finished }
            if let row = try Row.fetchOne(db, sql: "SELECT attention, comment FROM trials WHERE participant_id = ? AND trial = ?",
                                          arguments: [participant, answer.trial]) {
                let ratings = try Row.fetchAll(db, sql: "SELECT item, value FROM ratings WHERE participant_id = ? AND trial = ?",
                                               arguments: [participant, answer.trial])
                let stored = Dictionary(uniqueKeysWithValues: ratings.map { ($0["item"] as String, $0["value"] as Int) })
                let same = stored == answer.ratings && (row["attention"] as Int?) == answer.attention && (row["comment"] as String) == answer.comment
                return same ? .duplicate : .alreadyAnswered
            }
            let answered = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trials WHERE participant_id = ?", arguments: [participant]) ?? 0
            guard answer.trial == answered + 1 else { return .outOfOrder(expected: answered + 1) }
            try db.execute(sql: """
                INSERT INTO trials(participant_id, trial, image, method, attention, seconds, server_seconds, comment, answered)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [participant, answer.trial, image, method, answer.attention, answer.seconds, serverSeconds, answer.comment,
                                 now.timeIntervalSince1970])
            for (item, value) in answer.ratings.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO ratings(participant_id, trial, item, value) VALUES (?, ?, ?, ?)",
                               arguments: [participant, answer.trial, item, value])
            }
            return .stored
        }
    }

    /// Stores the questionnaires and marks the participant finished, in one transaction, once all
    /// `trials` are answered. `code` is the completion code to keep (the config's or a generated one).
    public func finish(participant: Int64, _ answer: QuestionnaireAnswer, trials: Int, code: String, now: Date) async throws -> FinishOutcome {
        try await pool.write { db in
            if let done = try String.fetchOne(db, sql: "SELECT completion_code FROM participants WHERE id = ? AND finished IS NOT NULL",
                                              arguments: [participant]) {
                return .alreadyFinished(code: done)
            }
            let answered = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trials WHERE participant_id = ?", arguments: [participant]) ?? 0
            guard answered >= trials else { return .trialsLeft(trials - answered) }
            let items = zip(Questionnaire.susItems, answer.sus).map { ($0, $1) } + zip(Questionnaire.tlxScales, answer.tlx).map { ($0, $1) }
            for (item, value) in items {
                try db.execute(sql: "INSERT INTO questionnaire(participant_id, item, value) VALUES (?, ?, ?)", arguments: [participant, item, value])
            }
            try db.execute(sql: "UPDATE participants SET finished = ?, completion_code = ? WHERE id = ?",
                           arguments: [now.timeIntervalSince1970, code, participant])
            return .finished(code: code)
        }
    }
}
