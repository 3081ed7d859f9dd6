import HDF5Reader
import KerasFormat
import Testing
@testable import NeuralKernels

/// Direct-loop cross-correlation used as the reference (channels_last, kernel `[k, C/groups, F]`).
private func referenceConv(
    _ x: [Float], batch: Int, length: Int, channels: Int, kernel: [Float], bias: [Float], size: Int, filters: Int,
    stride: Int, dilation: Int, groups: Int, padding: String
) -> (values: [Float], length: Int) {
    let extent = (size - 1) * dilation + 1
    let outLength: Int, left: Int
    switch padding {
    case "same":
        outLength = (length + stride - 1) / stride
        left = max(0, (outLength - 1) * stride + extent - length) / 2
    case "causal":
        left = extent - 1
        outLength = (length + left - extent) / stride + 1
    default:
        left = 0
        outLength = (length - extent) / stride + 1
    }
    let cg = channels / groups, fg = filters / groups
    var y = [Float](repeating: 0, count: batch * outLength * filters)
    for b in 0..<batch {
        for o in 0..<outLength {
            for f in 0..<filters {
                let g = f / fg
                var sum = bias[f]
                for j in 0..<size {
                    let p = o * stride + j * dilation - left
                    guard p >= 0, p < length else { continue }
                    for c in 0..<cg {
                        sum += x[(b * length + p) * channels + g * cg + c] * kernel[(j * cg + c) * filters + f]
                    }
                }
                y[(b * outLength + o) * filters + f] = sum
            }
        }
    }
    return (y, outLength)
}

@Suite struct ConvolutionTests {
    @Test(arguments: [
        ("valid", 1, 1, 1), ("same", 2, 1, 1), ("causal", 1, 2, 1), ("same", 1, 3, 2),
        ("valid", 3, 1, 4), ("causal", 2, 1, 2), ("same", 3, 1, 1),
    ])
    func conv1DMatchesDirectLoops(padding: String, stride: Int, dilation: Int, groups: Int) throws {
        let (batch, length, channels, filters, size) = (3, 11, 4, 8, 3)
        let kernel = Build.random("kernel", [size, channels / groups, filters], seed: 1)
        let bias = Build.random("bias", [filters], seed: 2)
        let model = try Build.sequential([nil, length, channels], [
            Build.layer("conv", "Conv1D", [
                "filters": .int(filters), "kernel_size": .ints([size]), "strides": .ints([stride]),
                "dilation_rate": .ints([dilation]), "groups": .int(groups), "padding": .string(padding),
                "activation": .string("linear"),
            ], weights: [kernel, bias]),
        ])
        let x = Build.values(batch * length * channels, seed: 3)
        let output = try model.predict([Tensor(shape: [batch, length, channels], values: x)])[0]
        let expected = referenceConv(
            x, batch: batch, length: length, channels: channels, kernel: kernel.values, bias: bias.values, size: size,
            filters: filters, stride: stride, dilation: dilation, groups: groups, padding: padding)
        expectClose(output, [batch, expected.length, filters], expected.values)
        #expect(model.outputs[0].shape == [nil, expected.length, filters])
    }

    @Test func conv1DByHand() throws {
        // Kernel [1, -1] (difference), causal: y[t] = x[t-1]·1 + x[t]·(-1).
        let model = try Build.sequential([nil, 4, 1], [
            Build.layer("diff", "Conv1D", ["filters": .int(1), "kernel_size": .int(2), "padding": .string("causal"),
                                           "use_bias": .bool(false)],
                        weights: [Build.weight("kernel", [2, 1, 1], [1, -1])]),
        ])
        let output = try model.predict([Tensor(shape: [1, 4, 1], values: [1, 4, 9, 16])])[0]
        expectClose(output, [1, 4, 1], [-1, -3, -5, -7])
    }

    @Test func depthwiseAndSeparableMatchComposedConvolutions() throws {
        let (length, channels, multiplier, filters) = (9, 3, 2, 4)
        let depthwise = Build.random("depthwise", [3, channels, multiplier], seed: 7)
        let pointwise = Build.random("pointwise", [1, channels * multiplier, filters], seed: 8)
        let bias = Build.random("bias", [filters], seed: 9)
        let x = Build.values(2 * length * channels, seed: 10)
        let separable = try Build.sequential([nil, length, channels], [
            Build.layer("sep", "SeparableConv1D", [
                "filters": .int(filters), "kernel_size": .int(3), "depth_multiplier": .int(multiplier),
                "padding": .string("same"),
            ], weights: [depthwise, pointwise, bias]),
        ]).predict([Tensor(shape: [2, length, channels], values: x)])[0]
        // Depthwise = grouped convolution with groups = channels and the kernel reordered to [k, 1, C·M].
        let grouped = try Build.sequential([nil, length, channels], [
            Build.layer("dw", "DepthwiseConv1D", ["kernel_size": .int(3), "depth_multiplier": .int(multiplier),
                                                  "padding": .string("same"), "use_bias": .bool(false)],
                        weights: [depthwise]),
            Build.layer("pw", "Conv1D", ["filters": .int(filters), "kernel_size": .int(1)], weights: [pointwise, bias]),
        ]).predict([Tensor(shape: [2, length, channels], values: x)])[0]
        let reference = referenceConv(
            x, batch: 2, length: length, channels: channels, kernel: depthwise.values,
            bias: [Float](repeating: 0, count: channels * multiplier), size: 3, filters: channels * multiplier,
            stride: 1, dilation: 1, groups: channels, padding: "same")
        let depthwiseOnly = try Build.sequential([nil, length, channels], [
            Build.layer("dw", "DepthwiseConv1D", ["kernel_size": .int(3), "depth_multiplier": .int(multiplier),
                                                  "padding": .string("same"), "use_bias": .bool(false)],
                        weights: [depthwise]),
        ]).predict([Tensor(shape: [2, length, channels], values: x)])[0]
        expectClose(depthwiseOnly, [2, length, channels * multiplier], reference.values)
        expectClose(separable, grouped.shape, grouped.values)
    }

    @Test func poolingWithSamePaddingIgnoresPaddedPositions() throws {
        let x: [Float] = [1, 2, 3, 4, 5]
        func pool(_ className: String, padding: String) throws -> Tensor {
            try Build.sequential([nil, 5, 1], [
                Build.layer("pool", className, ["pool_size": .int(2), "strides": .int(2), "padding": .string(padding)]),
            ]).predict([Tensor(shape: [1, 5, 1], values: x)])[0]
        }
        expectClose(try pool("AveragePooling1D", padding: "same"), [1, 3, 1], [1.5, 3.5, 5])
        expectClose(try pool("AveragePooling1D", padding: "valid"), [1, 2, 1], [1.5, 3.5])
        expectClose(try pool("MaxPooling1D", padding: "same"), [1, 3, 1], [2, 4, 5])
        let global = try Build.sequential([nil, 5, 1], [
            Build.layer("gap", "GlobalAveragePooling1D", ["keepdims": .bool(true)]),
        ]).predict([Tensor(shape: [1, 5, 1], values: x)])[0]
        expectClose(global, [1, 1, 1], [3])
        let globalMax = try Build.sequential([nil, 5, 1], [Build.layer("gmp", "GlobalMaxPooling1D")])
            .predict([Tensor(shape: [1, 5, 1], values: x)])[0]
        expectClose(globalMax, [1, 1], [5])
    }

    @Test func batchNormalizationFusesIntoConvolutionExactly() throws {
        let (length, channels, filters) = (7, 2, 3)
        let conv = Build.layer("conv", "Conv1D", ["filters": .int(filters), "kernel_size": .int(3)],
                               weights: [Build.random("kernel", [3, channels, filters], seed: 11),
                                         Build.random("bias", [filters], seed: 12)])
        let bn = Build.layer("bn", "BatchNormalization", ["epsilon": .number(0.001)], weights: [
            Build.weight("gamma", [filters], [1.5, -0.5, 2]), Build.weight("beta", [filters], [0.1, 0.2, -0.3]),
            Build.weight("moving_mean", [filters], [0.3, -0.2, 0.1]),
            Build.weight("moving_variance", [filters], [0.5, 2, 1.2]),
        ])
        let x = Build.values(length * channels, seed: 13)
        let input = try Tensor(shape: [1, length, channels], values: x)
        let folded = try Build.sequential([nil, length, channels], [conv, bn])
        let plain = try Build.sequential([nil, length, channels], [conv]).predict([input])[0]
        let gamma: [Float] = [1.5, -0.5, 2], beta: [Float] = [0.1, 0.2, -0.3]
        let mean: [Float] = [0.3, -0.2, 0.1], variance: [Float] = [0.5, 2, 1.2]
        let expected = plain.values.enumerated().map { index, value -> Float in
            let c = index % filters
            return gamma[c] * (value - mean[c]) / (variance[c] + 0.001).squareRoot() + beta[c]
        }
        expectClose(try folded.predict([input])[0], plain.shape, expected)
        #expect(folded.layers.map(\.className) == ["Conv1D", "BatchNormalization"])
        #expect(folded.planStepCount == 1, "the BatchNormalization runs in the convolution's epilogue")
        #expect(folded.parameterCount == 3 * channels * filters + filters + 4 * filters)
        // BatchNormalization on the time axis (axis 1) is applied, not folded.
        let timeAxis = try Build.sequential([nil, 2, 2], [
            Build.layer("bn", "BatchNormalization", ["axis": .int(1), "center": .bool(false), "scale": .bool(false),
                                                     "epsilon": .number(0)],
                        weights: [Build.weight("mean", [2], [1, 2]), Build.weight("var", [2], [4, 1])]),
        ]).predict([Tensor(shape: [1, 2, 2], values: [3, 5, 4, 0])])[0]
        expectClose(timeAxis, [1, 2, 2], [1, 2, 2, -2])
    }

    @Test func batchNormalizationIsNotFoldedIntoAnOutputThatIsAlsoReadElsewhere() throws {
        // dense → bn, and dense is also a model output: fusing would change that output, so it must not happen.
        let dense = Build.layer("dense", "Dense", ["units": .int(2)], weights: [
            Build.weight("kernel", [1, 2], [1, 2]), Build.weight("bias", [2], [0, 1]),
        ], inbound: [[KerasNodeRef(layer: "x")]])
        let bn = Build.layer("bn", "BatchNormalization", ["epsilon": .number(0)], weights: [
            Build.weight("gamma", [2], [2, 1]), Build.weight("beta", [2], [0, 0]),
            Build.weight("moving_mean", [2], [1, 1]), Build.weight("moving_variance", [2], [4, 1]),
        ], inbound: [[KerasNodeRef(layer: "dense")]])
        let model = try Build.functional([Build.input("x", [nil, 1]), dense, bn], inputs: ["x"],
                                         outputs: [KerasNodeRef(layer: "dense"), KerasNodeRef(layer: "bn")])
        let outputs = try model.predict([Tensor(shape: [1, 1], values: [3])])
        // dense = [3, 7]; bn = [2·(3−1)/2, 1·(7−1)/1] = [2, 6].
        expectClose(outputs[0], [1, 2], [3, 7])
        expectClose(outputs[1], [1, 2], [2, 6])
        #expect(model.planStepCount == 2)
    }
}
