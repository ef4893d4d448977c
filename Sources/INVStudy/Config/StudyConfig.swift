import Foundation
import INVCore

/// A study's YAML config (`inv study build STUDY.yaml`), decoded strictly by ``ConfigDecoder``: an
/// unknown key is an error with its path and a suggestion. Every default is stated here and written
/// back into the study directory's `study.json`.
///
/// ```yaml
/// results: Results/quickstart          # an `inv run` results directory (relative to the working directory)
/// methods: [inv, grad-cam, lime, kernel-shap]
/// participants: 24
/// design: within                       # or between
/// seed: 1
/// ```
public struct StudyConfig: Codable, Sendable, Equatable {
    /// One rating item shown on every trial.
    public struct Item: Codable, Sendable, Equatable {
        /// The id used in the responses file, e.g. `informativeness`.
        public var id: String
        /// The statement participants rate.
        public var text: String
        /// Scale points (7 for a 7-point Likert scale); answers are 1…points.
        public var points: Int
        public var low: String
        public var high: String
        /// The wording in other languages than English, by language code (`it`); missing parts stay English.
        public var translations: [String: Wording]?

        enum CodingKeys: String, CodingKey, CaseIterable { case id, text, points, low, high, translations }

        public init(id: String, text: String, points: Int = 7, low: String = "Strongly disagree", high: String = "Strongly agree",
                    translations: [String: Wording]? = nil) {
            self.id = id; self.text = text; self.points = points; self.low = low; self.high = high; self.translations = translations
        }

        /// The statement and scale anchors in `language`, English where no translation is given.
        public func wording(in language: String) -> Wording {
            let translated = translations?[language]
            return Wording(text: translated?.text ?? text, low: translated?.low ?? low, high: translated?.high ?? high)
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(id: try c.decode(String.self, forKey: .id), text: try c.decode(String.self, forKey: .text),
                      points: try c.decodeIfPresent(Int.self, forKey: .points) ?? 7,
                      low: try c.decodeIfPresent(String.self, forKey: .low) ?? "Strongly disagree",
                      high: try c.decodeIfPresent(String.self, forKey: .high) ?? "Strongly agree",
                      translations: try c.decodeIfPresent([String: Wording].self, forKey: .translations))
            guard (2...11).contains(points) else {
                throw ConfigError(path: ConfigDecoder.render(decoder.codingPath + [CodingKeys.points]), message: "expected 2 to 11 scale points, got \(points)")
            }
            try StudyConfig.checkLanguages(translations, path: decoder.codingPath + [CodingKeys.translations])
        }
    }

    /// A statement (and, for rating items, its scale anchors) in one language.
    public struct Wording: Codable, Sendable, Equatable {
        public var text: String?
        public var low: String?
        public var high: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case text, low, high }

        public init(text: String?, low: String? = nil, high: String? = nil) { self.text = text; self.low = low; self.high = high }
    }

    /// The languages the rating app speaks (`en` is the config's own wording).
    public static let languages = ["en", "it"]

    static func checkLanguages<V>(_ translations: [String: V]?, path: [CodingKey]) throws {
        for language in (translations ?? [:]).keys.sorted() where !languages.dropFirst().contains(language) {
            throw ConfigError(path: ConfigDecoder.render(path), message: "unknown language '\(language)'; expected one of: \(languages.dropFirst().joined(separator: ", "))")
        }
    }

    /// Ready-made item sets.
    public enum ItemPreset: String, Codable, Sendable, CaseIterable {
        /// Informativeness, understandability and satisfaction on 7-point Likert scales.
        case standard = "default"
        /// Hoffman, Mueller, Klein & Litman (2018), "Metrics for Explainable AI: Challenges and Prospects",
        /// the Explanation Satisfaction Scale: 8 statements on 5-point scales.
        case explanationSatisfaction = "explanation-satisfaction"

        public var items: [Item] {
            switch self {
            case .standard:
                [Item(id: "informativeness", text: "This explanation tells me why the classifier made its prediction.",
                      translations: Self.italian("Questa spiegazione mi dice perché il classificatore ha fatto la sua previsione.")),
                 Item(id: "understandability", text: "This explanation is easy to understand.",
                      translations: Self.italian("Questa spiegazione è facile da capire.")),
                 Item(id: "satisfaction", text: "I am satisfied with this explanation.",
                      translations: Self.italian("Sono soddisfatto di questa spiegazione."))]
            case .explanationSatisfaction:
                [("understand", "From the explanation, I understand how the classifier works."),
                 ("satisfying", "This explanation of how the classifier works is satisfying."),
                 ("detail", "This explanation of how the classifier works has sufficient detail."),
                 ("complete", "This explanation of how the classifier works seems complete."),
                 ("use", "This explanation of how the classifier works tells me how to use it."),
                 ("useful", "This explanation of how the classifier works is useful to my goals."),
                 ("accuracy", "This explanation of the classifier shows me how accurate the classifier is."),
                 ("trust", "This explanation lets me judge when I should trust and not trust the classifier.")]
                    .map { Item(id: "ess-\($0.0)", text: $0.1, points: 5, low: "I disagree strongly", high: "I agree strongly") }
            }
        }

        static func italian(_ text: String) -> [String: Wording] {
            ["it": Wording(text: text, low: "Per niente d’accordo", high: "Completamente d’accordo")]
        }
    }

    /// Attention-check items: every `every`-th trial also asks the participant to give `expected` on `text`.
    public struct AttentionChecks: Codable, Sendable, Equatable {
        public var every: Int
        public var text: String
        public var expected: Int
        /// The check's statement in other languages, by language code.
        public var translations: [String: String]?

        enum CodingKeys: String, CodingKey, CaseIterable { case every, text, expected, translations }

        public func text(in language: String) -> String { translations?[language] ?? text }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            every = try c.decode(Int.self, forKey: .every)
            text = try c.decodeIfPresent(String.self, forKey: .text) ?? "To show that you read this, please answer 2 here."
            expected = try c.decodeIfPresent(Int.self, forKey: .expected) ?? 2
            translations = try c.decodeIfPresent([String: String].self, forKey: .translations)
            try StudyConfig.checkLanguages(translations, path: decoder.codingPath + [CodingKeys.translations])
            guard every >= 1 else { throw ConfigError(path: ConfigDecoder.render(decoder.codingPath + [CodingKeys.every]), message: "expected at least 1, got \(every)") }
        }
    }

    /// Which participants and trials the analysis leaves out (each reported with counts).
    public struct Exclusions: Codable, Sendable, Equatable {
        /// A participant with more failed attention checks than this is excluded (default 0: any failure).
        public var maxFailedAttentionChecks: Int
        /// A trial answered in fewer seconds than this is dropped (default 0: none).
        public var minSeconds: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case maxFailedAttentionChecks = "max-failed-attention-checks", minSeconds = "min-seconds"
        }

        public init(maxFailedAttentionChecks: Int = 0, minSeconds: Double = 0) {
            self.maxFailedAttentionChecks = maxFailedAttentionChecks
            self.minSeconds = minSeconds
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(maxFailedAttentionChecks: try c.decodeIfPresent(Int.self, forKey: .maxFailedAttentionChecks) ?? 0,
                      minSeconds: try c.decodeIfPresent(Double.self, forKey: .minSeconds) ?? 0)
        }
    }

    public var results: String
    public var methods: [String]
    /// The grid point whose INV explanations are shown (needed only when the run has several).
    public var point: String?
    public var participants: Int
    public var design: StudyDesign.Kind
    public var seed: UInt64
    public var showMethodNames: Bool
    /// Panels are letterboxed into squares of this many pixels (default 384).
    public var panelSize: Int
    /// How INV's panel draws the ANV (layers and clusters shown).
    public var anv: ANVPanel
    public var items: [Item]
    public var attentionChecks: AttentionChecks?
    public var exclusions: Exclusions
    /// Significance level of the tests (default 0.05).
    public var alpha: Double
    /// The rating app asks for an optional free-text comment on every trial (default true).
    public var freeText: Bool
    /// The code shown on the completion page (e.g. a Prolific completion code); nil: a random code per participant.
    public var completionCode: String?
    /// The consent page's text by language (`en`, `it`); nil: the app's generic consent text.
    public var consent: [String: String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case results, methods, point, participants, design, seed, items, exclusions, alpha, consent, anv
        case showMethodNames = "show-method-names", panelSize = "panel-size", itemPreset = "item-preset"
        case attentionChecks = "attention-checks", freeText = "free-text", completionCode = "completion-code"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func fail(_ key: CodingKeys, _ message: String) -> ConfigError {
            ConfigError(path: ConfigDecoder.render(decoder.codingPath + [key]), message: message)
        }
        results = try c.decode(String.self, forKey: .results)
        methods = try c.decodeIfPresent([String].self, forKey: .methods) ?? ["inv", "grad-cam", "lime", "kernel-shap"]
        guard methods.count >= 2, Set(methods).count == methods.count else { throw fail(.methods, "expected at least 2 distinct methods, got \(methods)") }
        point = try c.decodeIfPresent(String.self, forKey: .point)
        participants = try c.decode(Int.self, forKey: .participants)
        guard participants >= 1 else { throw fail(.participants, "expected at least 1, got \(participants)") }
        design = try c.decodeIfPresent(StudyDesign.Kind.self, forKey: .design) ?? .within
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        showMethodNames = try c.decodeIfPresent(Bool.self, forKey: .showMethodNames) ?? false
        panelSize = try c.decodeIfPresent(Int.self, forKey: .panelSize) ?? 384
        guard (64...2048).contains(panelSize) else { throw fail(.panelSize, "expected 64 to 2048 pixels, got \(panelSize)") }
        anv = try c.decodeIfPresent(ANVPanel.self, forKey: .anv) ?? ANVPanel()
        let preset = try c.decodeIfPresent(ItemPreset.self, forKey: .itemPreset)
        let listed = try c.decodeIfPresent([Item].self, forKey: .items)
        if preset != nil && listed != nil { throw fail(.items, "give either 'items' or 'item-preset', not both") }
        items = listed ?? (preset ?? .standard).items
        guard !items.isEmpty, Set(items.map(\.id)).count == items.count else { throw fail(.items, "expected at least one item, with distinct ids") }
        attentionChecks = try c.decodeIfPresent(AttentionChecks.self, forKey: .attentionChecks)
        exclusions = try c.decodeIfPresent(Exclusions.self, forKey: .exclusions) ?? Exclusions()
        alpha = try c.decodeIfPresent(Double.self, forKey: .alpha) ?? 0.05
        guard alpha > 0 && alpha < 1 else { throw fail(.alpha, "expected a level between 0 and 1, got \(alpha)") }
        freeText = try c.decodeIfPresent(Bool.self, forKey: .freeText) ?? true
        completionCode = try c.decodeIfPresent(String.self, forKey: .completionCode)
        if let code = completionCode, code.isEmpty || code.count > 64 || !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            throw fail(.completionCode, "expected 1 to 64 letters, digits, '-' or '_', got '\(code)'")
        }
        consent = try c.decodeIfPresent([String: String].self, forKey: .consent)
        for language in (consent ?? [:]).keys.sorted() where !Self.languages.contains(language) {
            throw fail(.consent, "unknown language '\(language)'; expected one of: \(Self.languages.joined(separator: ", "))")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(results, forKey: .results)
        try c.encode(methods, forKey: .methods)
        try c.encodeIfPresent(point, forKey: .point)
        try c.encode(participants, forKey: .participants)
        try c.encode(design, forKey: .design)
        try c.encode(seed, forKey: .seed)
        try c.encode(showMethodNames, forKey: .showMethodNames)
        try c.encode(panelSize, forKey: .panelSize)
        try c.encode(anv, forKey: .anv)
        try c.encode(items, forKey: .items)
        try c.encodeIfPresent(attentionChecks, forKey: .attentionChecks)
        try c.encode(exclusions, forKey: .exclusions)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(freeText, forKey: .freeText)
        try c.encodeIfPresent(completionCode, forKey: .completionCode)
        try c.encodeIfPresent(consent, forKey: .consent)
    }

    /// Decodes a study config from a ``ConfigValue`` tree (e.g. YAML parsed by the runner's `YAMLConversion`).
    public static func decode(_ value: ConfigValue) throws -> StudyConfig { try ConfigDecoder.decode(StudyConfig.self, from: value) }
}
