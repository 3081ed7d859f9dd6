/// Window geometry of a 1-D convolution or pool along the time axis.
struct WindowGeometry: Sendable {
    let size: Int
    let stride: Int
    let dilation: Int
    let padding: Padding

    /// Extent of the dilated window in input samples.
    var extent: Int { (size - 1) * dilation + 1 }

    func output(length: Int) -> (length: Int, padLeft: Int) {
        let geometry = padding.geometry(length: length, window: extent, stride: stride)
        return (geometry.output, geometry.padLeft)
    }

    func outputLength(_ length: Int?) -> Int? {
        length.map { output(length: $0).length }
    }
}

/// Cross-correlation over channels-last input, as a GEMM over im2col rows.
enum Convolution {
    /// Upper bound on the im2col scratch (floats) per chunk of output rows.
    static let scratchLimit = 1 << 20

    /// `input` `[batch, length, channels]`, `kernel` `[size, channels/groups, filters]`, `bias` `[filters]`
    /// → `[batch, outLength, filters]` (bias added, no activation).
    static func forward(
        input: UnsafePointer<Float>, batch: Int, length: Int, channels: Int,
        kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>, filters: Int, groups: Int,
        geometry: WindowGeometry
    ) -> (values: [Float], length: Int) {
        let (outLength, padLeft) = geometry.output(length: length)
        let rows = batch * outLength
        let groupChannels = channels / groups
        let groupFilters = filters / groups
        let columns = geometry.size * groupChannels
        var output = [Float](unsafeUninitializedCapacity: rows * filters) { buffer, initialized in
            if let base = buffer.baseAddress {
                for row in 0..<rows { (base + row * filters).update(from: bias, count: filters) }
            }
            initialized = rows * filters
        }
        guard rows > 0, columns > 0 else { return (output, outLength) }
        let chunkRows = max(1, min(rows, scratchLimit / columns))
        var scratch = [Float](repeating: 0, count: chunkRows * columns)
        output.withUnsafeMutableBufferPointer { out in
            scratch.withUnsafeMutableBufferPointer { cols in
                guard let out = out.baseAddress, let cols = cols.baseAddress else { return }
                for group in 0..<groups {
                    var firstRow = 0
                    while firstRow < rows {
                        let count = min(chunkRows, rows - firstRow)
                        for local in 0..<count {
                            let row = firstRow + local
                            let sample = row / outLength
                            let position = row % outLength
                            let destination = cols + local * columns
                            let sampleBase = input + sample * length * channels + group * groupChannels
                            for tap in 0..<geometry.size {
                                let source = position * geometry.stride + tap * geometry.dilation - padLeft
                                let target = destination + tap * groupChannels
                                if source >= 0, source < length {
                                    target.update(from: sampleBase + source * channels, count: groupChannels)
                                } else {
                                    target.update(repeating: 0, count: groupChannels)
                                }
                            }
                        }
                        BLAS.gemm(
                            m: count, n: groupFilters, k: columns,
                            a: cols, lda: columns,
                            b: kernel + group * groupFilters, ldb: filters,
                            beta: 1,
                            c: out + firstRow * filters + group * groupFilters, ldc: filters)
                        firstRow += count
                    }
                }
            }
        }
        return (output, outLength)
    }

    /// Depthwise cross-correlation: `input` `[batch, length, channels]`, `kernel` `[size, channels, multiplier]`,
    /// `bias` `[channels·multiplier]` → `[batch, outLength, channels·multiplier]`, output channel `c·multiplier + m`.
    static func depthwise(
        input: UnsafePointer<Float>, batch: Int, length: Int, channels: Int,
        kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>, multiplier: Int,
        geometry: WindowGeometry
    ) -> (values: [Float], length: Int) {
        let (outLength, padLeft) = geometry.output(length: length)
        let width = channels * multiplier
        var output = [Float](repeating: 0, count: batch * outLength * width)
        output.withUnsafeMutableBufferPointer { out in
            guard let out = out.baseAddress else { return }
            for sample in 0..<batch {
                for position in 0..<outLength {
                    let target = out + (sample * outLength + position) * width
                    target.update(from: bias, count: width)
                    for tap in 0..<geometry.size {
                        let source = position * geometry.stride + tap * geometry.dilation - padLeft
                        guard source >= 0, source < length else { continue }
                        let x = input + (sample * length + source) * channels
                        let w = kernel + tap * width
                        for channel in 0..<channels {
                            let value = x[channel]
                            for m in 0..<multiplier {
                                target[channel * multiplier + m] += value * w[channel * multiplier + m]
                            }
                        }
                    }
                }
            }
        }
        return (output, outLength)
    }
}
