import _NeuralKernelsSIMD

/// How a planned Conv1D turns into matrix products.
enum Conv1DVariant: String, Sendable, CaseIterable {
    /// One GEMM per kernel tap over the zero-padded input, all samples at once (`[B·Lp, cin] × [cin, cout]`).
    case perTapGEMM = "per-tap GEMM"
    /// im2col copy (`[B·L, k·cin]`) then a single GEMM with the whole kernel.
    case im2colGEMM = "im2col + GEMM"
    /// Plain loops, no BLAS: for tiny `k·cin` (e.g. the first layer on a single-lead signal).
    case direct = "direct loops"
    /// `nk_gemm_epilogue` per sample over its zero-padded input read in place as `[Lout, k·cin]` with row stride cin
    /// (row r is the window of taps starting at r: no im2col copy, one product instead of k), kernel packed at load,
    /// writing the output rows directly with bias, ReLU and a fused BatchNormalization applied in registers.
    case packedGEMM = "packed GEMM (AVX-512)"
}

/// Conv1D, stride 1, dilation 1, channels-last: `[B, L, cin] → [B, Lout, cout]`, Lout = L + padding − k + 1.
/// Kernel `[k, cin, cout]`; bias, activation and a fused BatchNormalization run in the epilogue.
struct Conv1DStep: Sendable {
    let kernelSize: Int, inputChannels: Int, outputChannels: Int
    let inputLength: Int, padLeft: Int, padRight: Int
    let kernel: [Float]
    var epilogue: Epilogue
    var variant: Conv1DVariant
    /// The kernel `[k·cin, cout]` in `nk_gemm_pack`'s 32-column panels (nil unless the variant is `.packedGEMM`).
    let packedKernel: PackedMatrix?

    init(kernelSize: Int, inputChannels: Int, outputChannels: Int, inputLength: Int, padLeft: Int, padRight: Int,
         kernel: [Float], epilogue: Epilogue, variant: Conv1DVariant) {
        (self.kernelSize, self.inputChannels, self.outputChannels) = (kernelSize, inputChannels, outputChannels)
        (self.inputLength, self.padLeft, self.padRight) = (inputLength, padLeft, padRight)
        (self.kernel, self.epilogue, self.variant) = (kernel, epilogue, variant)
        packedKernel = variant == .packedGEMM
            ? PackedMatrix(packing: kernel, depth: kernelSize * inputChannels, columns: outputChannels) : nil
    }

    var paddedLength: Int { padLeft + inputLength + padRight }
    var outputLength: Int { paddedLength - kernelSize + 1 }

    /// Scratch floats per sample: the padded input plus the variant's product buffer (none for the packed GEMM,
    /// which writes the output directly).
    var scratchPerSample: Int {
        guard variant != .packedGEMM else { return paddedLength * inputChannels }
        return paddedLength * inputChannels + max(paddedLength * outputChannels, outputLength * kernelSize * inputChannels)
    }

    /// Multiply-add FLOPs per sample.
    var flopsPerSample: Int { 2 * outputLength * kernelSize * inputChannels * outputChannels }

    func run(batch: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
             scratch: UnsafeMutablePointer<Float>) {
        let cin = inputChannels, cout = outputChannels, k = kernelSize
        let padded = scratch, product = scratch + batch * paddedLength * cin
        for sample in 0..<batch {
            let row = padded + sample * paddedLength * cin
            row.initialize(repeating: 0, count: padLeft * cin)
            (row + padLeft * cin).update(from: input + sample * inputLength * cin, count: inputLength * cin)
            (row + (padLeft + inputLength) * cin).initialize(repeating: 0, count: padRight * cin)
        }
        kernel.withUnsafeBufferPointer { weights in
            guard let w = weights.baseAddress else { return }
            switch variant {
            case .packedGEMM:
                // One product per sample straight into the output (no dropped rows, no copy), with the epilogue in
                // registers when it is bias / ReLU / BatchNormalization, else the bias there and the rest after.
                packedKernel?.values.withUnsafeBufferPointer { packed in
                    guard let packed = packed.baseAddress else { return }
                    if epilogue.isFusable {
                        epilogue.withFused { fused in
                            packedProducts(batch: batch, padded: padded, packed: packed, epilogue: fused, output: output)
                        }
                        return
                    }
                    var rest = epilogue
                    rest.bias = nil
                    if let bias = epilogue.bias {
                        bias.withUnsafeBufferPointer { bias in
                            var biasOnly = NKEpilogue(bias: bias.baseAddress, scale: nil, shift: nil,
                                                      reluBeforeAffine: 0, reluAfterAffine: 0)
                            withUnsafePointer(to: &biasOnly) { biasOnly in
                                packedProducts(batch: batch, padded: padded, packed: packed, epilogue: biasOnly,
                                               output: output)
                            }
                        }
                    } else {
                        packedProducts(batch: batch, padded: padded, packed: packed, epilogue: nil, output: output)
                    }
                    rest.apply(from: output, to: output, rows: batch * outputLength, channels: cout)
                }
            case .perTapGEMM:
                // Output row r = Σ_tap padded[r + tap]; the k − 1 rows straddling two samples are computed and dropped.
                let rows = batch * paddedLength - (k - 1)
                for tap in 0..<k {
                    BLAS.gemm(m: rows, n: cout, k: cin, a: padded + tap * cin, lda: cin, b: w + tap * cin * cout,
                                ldb: cout, beta: tap == 0 ? 0 : 1, c: product, ldc: cout)
                }
                for sample in 0..<batch {
                    epilogue.apply(from: product + sample * paddedLength * cout,
                                   to: output + sample * outputLength * cout, rows: outputLength, channels: cout)
                }
            case .im2colGEMM:
                let width = k * cin
                for sample in 0..<batch {
                    for t in 0..<outputLength {
                        (product + (sample * outputLength + t) * width)
                            .update(from: padded + (sample * paddedLength + t) * cin, count: width)
                    }
                }
                BLAS.gemm(m: batch * outputLength, n: cout, k: width, a: product, lda: width, b: w, ldb: cout,
                            beta: 0, c: output, ldc: cout)
                epilogue.apply(from: output, to: output, rows: batch * outputLength, channels: cout)
            case .direct:
                let width = k * cin
                for sample in 0..<batch {
                    for t in 0..<outputLength {
                        let y = output + (sample * outputLength + t) * cout
                        let x = padded + (sample * paddedLength + t) * cin
                        y.initialize(repeating: 0, count: cout)
                        for j in 0..<width {
                            let value = x[j], row = w + j * cout
                            for channel in 0..<cout { y[channel] += value * row[channel] }
                        }
                    }
                }
                epilogue.apply(from: output, to: output, rows: batch * outputLength, channels: cout)
            }
        }
    }

    /// The packed variant's products: per sample `[Lout, k·cin]` (its padded rows read in place) × the packed kernel
    /// into its output rows, with `epilogue` applied in registers.
    private func packedProducts(batch: Int, padded: UnsafePointer<Float>, packed: UnsafePointer<Float>,
                                epilogue: UnsafePointer<NKEpilogue>?, output: UnsafeMutablePointer<Float>) {
        let cin = inputChannels, cout = outputChannels
        for sample in 0..<batch {
            nk_gemm_epilogue(SIMDLevel.avx512.cLevel, Int32(outputLength), Int32(cout), Int32(kernelSize * cin),
                             padded + sample * paddedLength * cin, cin, packed, epilogue,
                             output + sample * outputLength * cout, cout)
        }
    }
}
