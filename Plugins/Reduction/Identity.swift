import INVCore

/// No reduction: the rows are clustered as they are (an ablation of thesis §3.3.2, which reduces
/// with PCA then t-SNE before clustering).
public struct IdentityReducer: Reducer {
    public static let name = "none"
    public static let summary = "No dimensionality reduction: rows pass through unchanged (ablation of thesis §3.3.2)."

    public typealias Parameters = NoParameters

    public init(parameters: Parameters) {}

    public func reduce(_ x: Matrix, seed: UInt64) throws -> Matrix { x }
}
