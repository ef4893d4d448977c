import Foundation
import INVCore

/// What the report shows of a structured explainer's JSON file (see ``StructuredExplainer``),
/// chosen by the file's `schema`: the optimisation of `igos.json` / `igos++.json`
/// (`invkit.mask-explanation/1`) or the explanations of `sag.json` (`invkit.sag/1`). Only the
/// summarised fields are decoded; the plugins own the full formats.
enum StructuredFileSummary: Equatable {
    /// I-GOS / iGOS++: how far the mask optimisation got.
    struct MaskOptimisation: Decodable, Equatable {
        var method: String
        var iterationsRequested: Int
        var iterationsCompleted: Int
        var partial: Bool
        /// `completed` or `time-limit`.
        var stopReason: String
        /// Deletion path score at the start of each iteration.
        var scores: [Float]

        enum CodingKeys: String, CodingKey {
            case method, iterationsRequested = "iterations_requested", iterationsCompleted = "iterations_completed"
            case partial, stopReason = "stop_reason", scores
        }
    }

    /// SAG: the minimal sufficient explanations found and drawn.
    struct AttentionGraph: Decodable, Equatable {
        struct Explanation: Decodable, Equatable {
            var patches: [Int]
            var probability: Float
        }
        var cleanProbability: Float
        var sufficient: [Explanation]
        var explanations: [Explanation]
        var evaluatedSets: Int
        var partial: Bool

        enum CodingKeys: String, CodingKey {
            case cleanProbability = "clean_probability", sufficient, explanations, evaluatedSets = "evaluated_sets", partial
        }
    }

    case mask(MaskOptimisation)
    case graph(AttentionGraph)

    static let maskSchema = "invkit.mask-explanation/1", graphSchema = "invkit.sag/1"

    /// - Throws: ``FileError/read(_:_:)`` naming `path` when the file is not JSON of a known schema.
    static func read(_ data: Data, path: String) throws -> StructuredFileSummary {
        struct Schema: Decodable { var schema: String }
        do {
            let schema = try JSONDecoder().decode(Schema.self, from: data).schema
            switch schema {
            case maskSchema: return .mask(try JSONDecoder().decode(MaskOptimisation.self, from: data))
            case graphSchema: return .graph(try JSONDecoder().decode(AttentionGraph.self, from: data))
            default: throw FileError.read(path, "unknown schema '\(schema)'; expected \(maskSchema) or \(graphSchema)")
            }
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError.read(path, "not a structured explainer's JSON file: \(error)")
        }
    }

    /// One line of plain text, e.g. `20/20 iterations, completed; score 0.912 → 0.031`.
    var text: String {
        switch self {
        case .mask(let m):
            let scores = m.scores.first.map { first in String(format: "; score %.3f → %.3f", first, m.scores.last ?? first) } ?? ""
            let stop = m.partial ? "partial (\(m.stopReason))" : m.stopReason
            return "\(m.iterationsCompleted)/\(m.iterationsRequested) iterations, \(stop)\(scores)"
        case .graph(let g):
            let found = "\(g.explanations.count) explanation\(g.explanations.count == 1 ? "" : "s") drawn of \(g.sufficient.count) minimal sufficient"
            return String(format: "%@; p₀ = %.3f; %d patch sets evaluated%@", found, g.cleanProbability, g.evaluatedSets,
                          g.partial ? "; partial (time limit)" : "")
        }
    }
}
