import INVCore
import INVEngine
import INVImaging

/// The masker LIME and KernelSHAP share (as shap's `Masker`): superpixels of the image, and for
/// a binary coalition (one flag per superpixel) the image with the hidden superpixels replaced by
/// the fill — each superpixel's mean colour (`lime`'s `hide_color=None`) or a constant in the
/// model's normalised input space (0 = the normalisation mean, shap's usual baseline).
struct SuperpixelMasker: Sendable {
    enum Fill: Sendable { case meanColour, constant(Float) }

    let image: Tensor
    let segmentation: Segmentation
    /// The image with every superpixel hidden, `[C, H, W]` flattened.
    let hidden: [Float]

    var features: Int { segmentation.count }

    init(image: Tensor, segmentation: Segmentation, fill: Fill) {
        self.image = image
        self.segmentation = segmentation
        let (channels, plane) = (image.shape[1], segmentation.labels.count)
        var hidden = [Float](repeating: 0, count: channels * plane)
        switch fill {
        case .constant(let value):
            hidden = [Float](repeating: value, count: channels * plane)
        case .meanColour:
            var counts = [Float](repeating: 0, count: segmentation.count)
            for label in segmentation.labels { counts[label] += 1 }
            for c in 0..<channels {
                var sums = [Float](repeating: 0, count: segmentation.count)
                for p in 0..<plane { sums[segmentation.labels[p]] += image.scalars[c * plane + p] }
                for p in 0..<plane { hidden[c * plane + p] = sums[segmentation.labels[p]] / counts[segmentation.labels[p]] }
            }
        }
        self.hidden = hidden
    }

    /// Quick shift on the image mapped to [0, 1] by one min-max over all channels (the explainer
    /// sees the normalised tensor, not the photo; with near-equal channel stds this keeps the colours).
    static func quickshift(_ image: Tensor, kernelSize: Double, maxDistance: Double, ratio: Double,
                           seed: UInt64) throws -> Segmentation {
        let lo = image.scalars.min() ?? 0, hi = image.scalars.max() ?? 0
        let rgb = image.scalars.map { hi > lo ? ($0 - lo) / (hi - lo) : 0 }
        let plane = image.shape[2] * image.shape[3]
        // A grey image (one channel) is repeated into three; extra channels beyond three are ignored.
        let planar = (0..<3).flatMap { c in rgb[(min(c, image.shape[1] - 1) * plane)..<(min(c, image.shape[1] - 1) * plane + plane)] }
        return try Quickshift.segment(rgb: planar, width: image.shape[3], height: image.shape[2],
                                      kernelSize: kernelSize, maxDistance: maxDistance, ratio: ratio, seed: seed)
    }

    /// Writes the image with the superpixels whose flag is false hidden into `out` (`[C, H, W]`).
    func apply(_ keep: [Bool], into out: UnsafeMutableBufferPointer<Float>) {
        let plane = segmentation.labels.count
        for c in 0..<(image.shape[1]) {
            for p in 0..<plane {
                let i = c * plane + p
                out[i] = keep[segmentation.labels[p]] ? image.scalars[i] : hidden[i]
            }
        }
    }

    /// A heatmap holding each superpixel's value at its pixels.
    func heatmap(_ values: [Double], seconds: Double) throws -> Heatmap {
        try Heatmap(height: segmentation.height, width: segmentation.width,
                    values: segmentation.labels.map { Float(values[$0]) }, seconds: seconds)
    }
}
