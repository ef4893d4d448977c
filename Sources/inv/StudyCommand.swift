import ArgumentParser
import Foundation
import INVCore
import INVReveal
import INVStudy
import INVStudyServer

/// `inv study build|serve|export|analyze`: human-subject studies comparing INV with the baselines (issue 10).
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Build the stimuli and design of a human-subject study from a run, serve it to participants, and analyse its responses.",
        subcommands: [Build.self, Serve.self, Export.self, Analyze.self])

    struct Database: ParsableArguments {
        @Option(name: .customLong("db"), help: "The answers database: sqlite:PATH or a plain path (default: DIR/responses.sqlite).")
        var url: String?

        func resolved(_ directory: String) -> String { url ?? "sqlite:" + URL(fileURLWithPath: directory).appendingPathComponent("responses.sqlite").path }
    }

    /// The built study and its answers database.
    static func open(_ directory: String, _ database: Database, synchronous: SQLiteDatabase.Synchronous = .full) throws -> (BuiltStudy, StudyStore) {
        let study = try BuiltStudy(layout: StudyLayout(root: URL(fileURLWithPath: directory)))
        let store = try StudyStore.open(url: database.resolved(directory), design: try StudyServer.designHash(study), synchronous: synchronous)
        return (study, store)
    }

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the rating app of a built study: participants enter at /?pid=ID (or get a code), rate the trials of design.csv, answer SUS and NASA-TLX.")

        @Argument(help: "A built study directory.")
        var directory: String
        @OptionGroup var database: Database
        @Option(help: "The address to listen on (use 0.0.0.0 only behind a firewall or proxy).")
        var host = "127.0.0.1"
        @Option(help: "The port to listen on.")
        var port = 8080
        @Option(help: "SQLite synchronous level: full (default; survives power loss) or normal (survives a crash of the server only).")
        var synchronous = "full"
        @Flag(help: "Mark cookies Secure (TLS terminates in front of the server).")
        var secureCookies = false
        @Flag(help: "Take client addresses from X-Forwarded-For (a trusted proxy in front).")
        var trustForwardedFor = false

        func validate() throws {
            guard SQLiteDatabase.Synchronous(rawValue: synchronous) != nil else { throw ValidationError("--synchronous: expected full or normal, got '\(synchronous)'") }
        }

        func run() throws {
            let (study, store) = try StudyCommand.open(directory, database, synchronous: SQLiteDatabase.Synchronous(rawValue: synchronous)!)
            var settings = StudyServer.Settings()
            settings.secureCookies = secureCookies
            settings.trustForwardedFor = trustForwardedFor
            let server = StudyServer(study: study, store: store, settings: settings)
            let (host, port) = (host, port)
            try blocking {
                let durability = try await store.durability()
                let progress = try await store.progress()
                FileHandle.standardError.write(Data(("study on http://\(host):\(port) (\(study.participants) participant places, \(progress.entered) taken, "
                    + "\(progress.finished) finished; \(store.path): journal \(durability.journal), synchronous \(durability.synchronous))\n").utf8))
                try await server.application(host: host, port: port).runService()
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the stored answers as the responses CSV that `inv study analyze` reads.")

        @Argument(help: "A built study directory.")
        var directory: String
        @OptionGroup var database: Database
        @Option(name: .shortAndLong, help: "The responses CSV (default: stdout).")
        var out: String?
        @Option(help: "Also write the free-text comments (participant,trial,image,method,comment) to this CSV.")
        var comments: String?

        func run() throws {
            let (study, store) = try StudyCommand.open(directory, database)
            let (responses, notes, progress) = try blocking {
                (try await store.responses(config: study.config, participants: study.participants),
                 try await store.comments(participants: study.participants), try await store.progress())
            }
            let csv = ResponseFile.csv(responses)
            // What analyze will read: the export is checked against the study before it is written.
            _ = try ResponseFile.parse(csv, source: out ?? "stdout", config: study.config)
            if let comments { try AtomicFile.write(Data(StudyStore.commentsCSV(notes).utf8), to: URL(fileURLWithPath: comments)) }
            if let out {
                try AtomicFile.write(Data(csv.utf8), to: URL(fileURLWithPath: out))
                FileHandle.standardError.write(Data("\(responses.count) answer row(s) of \(progress.entered) participant(s) (\(progress.finished) finished) → \(out)\n".utf8))
            } else {
                print(csv, terminator: "")
            }
        }
    }

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write panels, design.csv and conditions.csv for STUDY.yaml into a study directory.")

        @Argument(help: "A study config, e.g. Configs/study.yaml.")
        var config: String

        @Option(name: .shortAndLong, help: "The study directory (default: Studies/<config name>).")
        var out: String?

        @Flag(help: "Rebuild over an existing study (changes its design).")
        var force = false

        func run() throws {
            let configURL = URL(fileURLWithPath: config)
            let study = try Study.loadConfig(configURL)
            let layout = StudyLayout(root: out.map { URL(fileURLWithPath: $0) } ?? Study.defaultDirectory(for: configURL))
            let summary = try StimulusBuilder.build(study, into: layout, force: force)
            print("\(summary.images.count - summary.unusedImages.count) images × \(study.methods.count) methods, "
                  + "\(study.participants) participants, \(summary.trials) trials → \(layout.root.path)")
            if !summary.skippedImages.isEmpty { print("left out (a method has no panel): \(summary.skippedImages.joined(separator: ", "))") }
            if !summary.unusedImages.isEmpty { print("left out (do not fill a round of one image per method): \(summary.unusedImages.joined(separator: ", "))") }
        }
    }

    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse a responses CSV of a built study: tables (CSV, Markdown, LaTeX) and study-report.html under analysis/.")

        @Argument(help: "A built study directory.")
        var directory: String

        @Option(help: "The responses CSV (format in the README, 'Human-subject studies').")
        var responses: String

        func run() throws {
            let (analysis, written) = try Study.analyze(StudyLayout(root: URL(fileURLWithPath: directory)),
                                                        responses: URL(fileURLWithPath: responses))
            let e = analysis.exclusions
            print("\(e.keptParticipants) of \(e.participants) participants analysed (\(e.failedAttention.count) excluded for attention checks, "
                  + "\(e.tooFastTrials) trials too fast)")
            for url in written { print(url.path) }
        }
    }
}
