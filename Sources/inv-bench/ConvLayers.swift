import INVEngine

/// One convolution layer shape at 224×224 input, with how many times the network repeats it.
struct ConvLayer: Sendable {
    let network: String
    let name: String
    let inChannels: Int, outChannels: Int
    /// Input height = width.
    let size: Int
    let kernel: Int, stride: Int
    let pads: Padding2D
    var groups = 1
    var repeats = 1

    var isDepthwise: Bool { groups > 1 && groups == inChannels && groups == outChannels }
    var op: Conv2D { Conv2D(strides: Size2D(stride, stride), pads: pads, groups: groups) }
    var outSize: Int { (size + pads.top + pads.bottom - kernel) / stride + 1 }
    /// GEMM sizes per group and image: rows M, columns N (output positions), inner K.
    var gemm: (m: Int, n: Int, k: Int) { (outChannels / groups, outSize * outSize, inChannels / groups * kernel * kernel) }
}

/// The distinct convolution shapes of the three benchmark networks (torchvision VGG-16 and
/// ResNet-18; EfficientNet-Lite0 as exported from TF-Lite, with TensorFlow `SAME` padding, so
/// stride-2 layers pad asymmetrically). `repeats` counts identical layers within a network.
enum ConvLayers {
    static func same(_ kernel: Int, stride: Int, size: Int) -> Padding2D {
        let out = (size + stride - 1) / stride
        let total = Swift.max((out - 1) * stride + kernel - size, 0)
        return Padding2D(top: total / 2, left: total / 2, bottom: total - total / 2, right: total - total / 2)
    }

    static let vgg16: [ConvLayer] = [
        ConvLayer(network: "vgg16", name: "conv1_1", inChannels: 3, outChannels: 64, size: 224, kernel: 3, stride: 1, pads: .uniform(1)),
        ConvLayer(network: "vgg16", name: "conv1_2", inChannels: 64, outChannels: 64, size: 224, kernel: 3, stride: 1, pads: .uniform(1)),
        ConvLayer(network: "vgg16", name: "conv2_1", inChannels: 64, outChannels: 128, size: 112, kernel: 3, stride: 1, pads: .uniform(1)),
        ConvLayer(network: "vgg16", name: "conv2_2", inChannels: 128, outChannels: 128, size: 112, kernel: 3, stride: 1, pads: .uniform(1)),
        ConvLayer(network: "vgg16", name: "conv3_1", inChannels: 128, outChannels: 256, size: 56, kernel: 3, stride: 1, pads: .uniform(1)),
        ConvLayer(network: "vgg16", name: "conv3_2", inChannels: 256, outChannels: 256, size: 56, kernel: 3, stride: 1, pads: .uniform(1), repeats: 2),
        ConvLayer(network: "vgg16", name: "conv4_1", inChannels: 256, outChannels: 512, size: 28, kernel: 3, stride: 1, pads: .uniform(1)),
        ConvLayer(network: "vgg16", name: "conv4_2", inChannels: 512, outChannels: 512, size: 28, kernel: 3, stride: 1, pads: .uniform(1), repeats: 2),
        ConvLayer(network: "vgg16", name: "conv5_x", inChannels: 512, outChannels: 512, size: 14, kernel: 3, stride: 1, pads: .uniform(1), repeats: 3),
    ]

    static let resnet18: [ConvLayer] = [
        ConvLayer(network: "resnet18", name: "conv1", inChannels: 3, outChannels: 64, size: 224, kernel: 7, stride: 2, pads: .uniform(3)),
        ConvLayer(network: "resnet18", name: "layer1", inChannels: 64, outChannels: 64, size: 56, kernel: 3, stride: 1, pads: .uniform(1), repeats: 4),
        ConvLayer(network: "resnet18", name: "layer2.0.conv1", inChannels: 64, outChannels: 128, size: 56, kernel: 3, stride: 2, pads: .uniform(1)),
        ConvLayer(network: "resnet18", name: "layer2.0.down", inChannels: 64, outChannels: 128, size: 56, kernel: 1, stride: 2, pads: .zero),
        ConvLayer(network: "resnet18", name: "layer2", inChannels: 128, outChannels: 128, size: 28, kernel: 3, stride: 1, pads: .uniform(1), repeats: 3),
        ConvLayer(network: "resnet18", name: "layer3.0.conv1", inChannels: 128, outChannels: 256, size: 28, kernel: 3, stride: 2, pads: .uniform(1)),
        ConvLayer(network: "resnet18", name: "layer3.0.down", inChannels: 128, outChannels: 256, size: 28, kernel: 1, stride: 2, pads: .zero),
        ConvLayer(network: "resnet18", name: "layer3", inChannels: 256, outChannels: 256, size: 14, kernel: 3, stride: 1, pads: .uniform(1), repeats: 3),
        ConvLayer(network: "resnet18", name: "layer4.0.conv1", inChannels: 256, outChannels: 512, size: 14, kernel: 3, stride: 2, pads: .uniform(1)),
        ConvLayer(network: "resnet18", name: "layer4.0.down", inChannels: 256, outChannels: 512, size: 14, kernel: 1, stride: 2, pads: .zero),
        ConvLayer(network: "resnet18", name: "layer4", inChannels: 512, outChannels: 512, size: 7, kernel: 3, stride: 1, pads: .uniform(1), repeats: 3),
    ]

    /// EfficientNet-Lite0 (Tan & Le 2019; Lite: no squeeze-excitation, ReLU6): stem, then per
    /// MBConv block 1×1 expand → k×k depthwise → 1×1 project, then the 1×1 head.
    static let efficientNetLite0: [ConvLayer] = {
        var layers = [ConvLayer(network: "efficientnet-lite0", name: "stem", inChannels: 3, outChannels: 32, size: 224,
                                kernel: 3, stride: 2, pads: same(3, stride: 2, size: 224))]
        // (expansion, kernel, stride of the first block, output channels, blocks)
        let stages = [(1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3),
                      (6, 5, 1, 112, 3), (6, 5, 2, 192, 4), (6, 3, 1, 320, 1)]
        var (channels, size) = (32, 112)
        for (index, (expansion, kernel, firstStride, outChannels, blocks)) in stages.enumerated() {
            for block in 0..<blocks {
                let stride = block == 0 ? firstStride : 1
                let hidden = channels * expansion
                let tag = "mb\(index + 1)\(block == 0 ? ".0" : ".n")"
                let repeats = block == 0 ? 1 : blocks - 1
                if block > 1 { continue }  // identical to block 1, counted in its `repeats`
                if expansion != 1 {
                    layers.append(ConvLayer(network: "efficientnet-lite0", name: "\(tag).expand", inChannels: channels,
                                            outChannels: hidden, size: size, kernel: 1, stride: 1, pads: .zero, repeats: repeats))
                }
                layers.append(ConvLayer(network: "efficientnet-lite0", name: "\(tag).dw\(kernel)x\(kernel)", inChannels: hidden,
                                        outChannels: hidden, size: size, kernel: kernel, stride: stride,
                                        pads: same(kernel, stride: stride, size: size), groups: hidden, repeats: repeats))
                let outSize = (size + stride - 1) / stride
                layers.append(ConvLayer(network: "efficientnet-lite0", name: "\(tag).project", inChannels: hidden,
                                        outChannels: outChannels, size: outSize, kernel: 1, stride: 1, pads: .zero, repeats: repeats))
                channels = outChannels
                size = outSize
            }
        }
        layers.append(ConvLayer(network: "efficientnet-lite0", name: "head", inChannels: channels, outChannels: 1280, size: size,
                                kernel: 1, stride: 1, pads: .zero))
        return layers
    }()

    static let networks: [String: [ConvLayer]] = [
        "vgg16": vgg16, "resnet18": resnet18, "efficientnet-lite0": efficientNetLite0,
    ]
}
