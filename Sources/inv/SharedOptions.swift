import ArgumentParser

/// The model flag shared by every command that runs a model.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "A zoo model (efficientnet-lite0) or an ONNX file with a sidecar .json next to it.")
    var model = "efficientnet-lite0"
}
