import Foundation
import INVEngine
import INVImaging

/// An explainer whose result is more than a heatmap: I-GOS and iGOS++ also report their
/// optimisation (iterations done, whether a budget cut the run short), SAG its explanations and
/// graph. `inv explain` writes ``StructuredExplanation/files`` beside the heatmap, and `inv run`
/// beside a baseline's heatmap in each image's folder.
public protocol StructuredExplainer: Explainer {
    /// The heatmap (what ``Explainer/explain(image:target:model:seed:progress:)`` returns) with
    /// the structured result; arguments as for `explain`.
    func explainStructure(image: Tensor, target: Int, model: any ClassifierModel, seed: UInt64,
                          progress: ProgressReporter) throws -> StructuredExplanation
}

extension StructuredExplainer {
    public func explain(image: Tensor, target: Int, model: any ClassifierModel, seed: UInt64,
                        progress: ProgressReporter) throws -> Heatmap {
        try explainStructure(image: image, target: target, model: model, seed: seed, progress: progress).heatmap
    }
}

/// A heatmap with the files that describe how it was found.
public struct StructuredExplanation: Sendable {
    public var heatmap: Heatmap
    /// True when a time budget stopped the search early: the result is valid but incomplete.
    public var partial: Bool
    /// The files to write beside the heatmap (`sag.json`, `sag.svg`, `igos.json`, …), rendered
    /// with the image shown to the model (the resized, cropped RGB image, for thumbnails).
    public var files: @Sendable (Image) throws -> [(name: String, data: Data)]

    public init(heatmap: Heatmap, partial: Bool, files: @escaping @Sendable (Image) throws -> [(name: String, data: Data)]) {
        self.heatmap = heatmap
        self.partial = partial
        self.files = files
    }
}
