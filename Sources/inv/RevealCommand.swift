import ArgumentParser
import Foundation
import INVCore
import INVReveal

/// `inv reveal import|serve|export`: the *Deep Reveal* crowdsourcing game (thesis §3.4.2, §4.4).
struct RevealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reveal",
        abstract: "Deep Reveal: the game that collects human labels for cluster maps.",
        subcommands: [Import.self, Serve.self, Export.self])

    struct Database: ParsableArguments {
        @Option(name: .customLong("db"), help: ArgumentHelp(
            "The game database: sqlite:PATH (or a plain path), or postgres://user:password@host:port/database.",
            discussion: "PostgreSQL lets several `inv reveal serve` processes share one database."))
        var url = "sqlite:reveal.sqlite"
        @Option(help: "PostgreSQL only: the most connections this process opens.")
        var connections = 20

        func validate() throws {
            _ = try location()
            guard connections >= 1 else { throw ValidationError("--connections: expected at least 1, got \(connections)") }
        }

        func location() throws -> GameStoreURL {
            do { return try GameStoreURL(parsing: url) } catch { throw ValidationError("\(error)") }
        }

        /// Opens the store, runs `work` with it and closes it (also when `work` throws).
        func withStore<T: Sendable>(synchronous: SQLiteGameStore.Synchronous = .full,
                                    _ work: @escaping @Sendable (any GameStore) async throws -> T) throws -> T {
            let location = try location()
            return try blocking {
                let store = try await location.open(synchronous: synchronous, maximumConnections: connections)
                do {
                    let value = try await work(store)
                    await store.close()
                    return value
                } catch {
                    await store.close()
                    throw error
                }
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the images, cluster maps and class list of an INV run into the game database.")

        @Argument(help: "A results directory of `inv run` or an output directory of `inv explain`.")
        var results: String
        @OptionGroup var database: Database

        func run() throws {
            let dataset = try RevealImporter.load(results: URL(fileURLWithPath: results))
            let summary = try database.withStore { try await $0.importDataset(dataset) }
            print("\(try database.location()): \(summary)")
        }
    }

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the game (browser client, JSON API, admin page at /admin).")

        @OptionGroup var database: Database
        @Option(help: "reveal.json: the admin password and optional settings (README, \"Deep Reveal\").")
        var config = "reveal.json"
        @Option(help: "The address to listen on (use 0.0.0.0 only behind a firewall or proxy).")
        var host = "127.0.0.1"
        @Option(help: "The port to listen on.")
        var port = 8080

        func run() throws {
            let settings = try RevealConfig.load(contentsOf: URL(fileURLWithPath: config))
            try database.withStore(synchronous: settings.synchronous) { [host, port] store in
                let server = try await RevealServer(store: store, config: settings)
                let storage = try await store.storageSummary()
                FileHandle.standardError.write(Data("Deep Reveal on http://\(host):\(port) (\(storage))\n".utf8))
                try await server.application(host: host, port: port).runService()
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the collected labels as the label record that `inv labels apply` reads.")

        @OptionGroup var database: Database
        @Option(help: "csv or jsonl.")
        var format = "csv"
        @Option(name: .shortAndLong, help: "The output file (default: stdout).")
        var out: String?
        @Flag(help: "Also export the labels of players who failed the trust game (flagged trusted=false).")
        var includeUntrusted = false

        func run() throws {
            guard let chosen = LabelRecordFile.Format(rawValue: format) else {
                throw ValidationError("--format: expected csv or jsonl, got '\(format)'")
            }
            let records = try database.withStore { [includeUntrusted] in try await $0.labelRecords(includeUntrusted: includeUntrusted) }
            if let out {
                let url = URL(fileURLWithPath: out)
                guard (try? LabelRecordFile.Format(path: out)) == chosen else {
                    throw ValidationError("--out: expected a .\(chosen.rawValue) file for --format \(chosen.rawValue), got '\(out)'")
                }
                try LabelRecordFile.write(records, to: url)
                FileHandle.standardError.write(Data("\(records.count) label(s) → \(out)\n".utf8))
            } else {
                print(LabelRecordFile.encode(records, format: chosen), terminator: "")
            }
        }
    }
}
