import INVCore
import Testing
@testable import INVPipeline

/// The TCAV column of the global explanation tables: each label's TCAV row for its class at the
/// group's deepest tested layer, `–` where it was not tested, nothing without validation results.
@Suite struct GlobalExplanationTCAVTests {
    static func row(_ target: Int, _ layer: String, _ concept: String, score: Double, sd: Double, p: Double,
                    _ verdict: ValidationVerdict) -> ConceptValidation {
        ConceptValidation(method: "tcav", target: target, targetName: "class \(target)", layer: layer, concept: concept,
                          score: score, scoreSD: sd, magnitude: 0.5, magnitudeSD: 0.1, randomScore: 0.5, randomScoreSD: 0.2,
                          pValue: p, rawPValue: p / 3, significanceLevel: 0.05, verdict: verdict, cavAccuracy: 0.9, cavAccuracySD: 0.05,
                          runScores: [score], randomScores: [0.5])
    }

    static let index = ConceptValidationIndex([
        row(0, "L2", "fin", score: 0.8333, sd: 0.05, p: 0.0123, .significant),
        row(0, "L3", "fin", score: 0.4, sd: 0.1, p: 0.5, .notSignificant),    // deeper in the group than L2: shown
        row(0, "L4", "gills", score: 0.9, sd: 0, p: 1e-5, .significant),
        row(491, "L1", "water", score: 0.7, sd: 0.1, p: 0.01, .significant), // another class: not tench's water
    ])

    @Test func csvGainsTheTCAVColumns() {
        let csv = GlobalExplanationTables(GlobalExplanation.explain(GlobalExplanationTests.fixture()), tcav: Self.index).csv
            .split(separator: "\n").map(String.init)
        #expect(csv[0] == GlobalExplanationTables.csvHeader + ",tcav_layer,tcav_score,tcav_score_sd,tcav_p_value,tcav_verdict")
        #expect(csv[1] == "0,tench,0,L1 L2 L3,1,fin,6,0.233333,3,2,-0.4,L3,0.4,0.1,0.5,not-significant")
        #expect(csv[2] == "0,tench,0,L1 L2 L3,2,water,3,0.25,2,2,-0.9,,,,,")
        #expect(csv[4] == "0,tench,1,L4,1,gills,5,0.55,2,2,1.7,L4,0.9,0,1e-05,significant")
        #expect(csv[5] == "491,\"chain saw, chainsaw\",0,L1,1,motor,1,0.9,1,1,0,,,,,")
    }

    @Test func markdownAndLaTeXShowScoreMarkAndPValue() {
        let tables = GlobalExplanationTables(GlobalExplanation.explain(GlobalExplanationTests.fixture()), tcav: Self.index)
        let md = tables.markdown
        #expect(md.contains("| rank | label | global score | weight | clusters | images | slope | TCAV |\n|---|---|---|---|---|---|---|---|\n"))
        #expect(md.contains("| 1 | fin | 6.00 | 23.3 % | 3 | 2 | -0.400 | 0.40 ± 0.10 ✗ p=0.5 |\n"), "\(md)")
        #expect(md.contains("| 2 | water | 3.00 | 25.0 % | 2 | 2 | -0.900 | – |\n"), "\(md)")
        #expect(md.contains("| 1 | gills | 5.00 | 55.0 % | 2 | 2 | +1.700 | 0.90 ± 0.00 ✓ p=1e-05 |\n"), "\(md)")
        let tex = tables.latex
        #expect(tex.contains("\\begin{tabular}{llrrrrl}") && tex.contains("& Slope & TCAV \\\\"))
        #expect(tex.contains("L4 & gills & 5.00 & 55.0 & 2 & +1.700 & 0.90 $\\pm$ 0.00 $\\checkmark$ p=1e-05 \\\\\n"), "\(tex)")
        #expect(tex.contains(" & water & 3.00 & 25.0 & 2 & -0.900 & -- \\\\\n"), "\(tex)")
    }

    @Test func noValidationResultsNoColumn() {
        let tables = GlobalExplanationTables(GlobalExplanation.explain(GlobalExplanationTests.fixture()))
        #expect(tables.csv.hasPrefix(GlobalExplanationTables.csvHeader + "\n"))
        #expect(!tables.markdown.contains("TCAV") && !tables.latex.contains("TCAV"))
    }

    @Test func cellMarksEveryVerdict() {
        #expect(ConceptValidationIndex.cell(nil) == "–")
        #expect(ConceptValidationIndex.cell(Self.row(0, "L", "c", score: 0.5, sd: 0, p: .nan, .undefined)) == "0.50 ± 0.00 ? p=n/a")
        #expect(Self.index.row(target: 0, layers: ["L1", "L2"], concept: "fin")?.layer == "L2")
        #expect(Self.index.row(target: 0, layers: ["L1"], concept: "fin") == nil)
    }
}
