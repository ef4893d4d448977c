import INVCore

/// No reduction: the rows are clustered as they are (an ablation of thesis §3.3.2, which reduces
/// with PCA then t-SNE before clustering).
public struct IdentityReducer: Reducer {
    public static let name = "none"
    public static let summary = "No dimensionality reduction: rows pass through unchanged (ablation of thesis §3.3.2)."

    /// `none` has no parameters; any key in a config is an error.
    public struct Parameters: Codable, Sendable, Equatable, DefaultConstructible {
        public init() {}
        public init(from decoder: Decoder) throws { _ = try decoder.container(keyedBy: NoKeys.self) }
        public func encode(to encoder: Encoder) throws { _ = encoder.container(keyedBy: NoKeys.self) }
    }

    public init(parameters: Parameters) {}

    public func reduce(_ x: Matrix, seed: UInt64) throws -> Matrix { x }
}

/// The coding keys of a parameter struct without parameters: every key is unknown.
enum NoKeys: CodingKey {
    var stringValue: String { switch self {} }
    var intValue: Int? { switch self {} }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}
