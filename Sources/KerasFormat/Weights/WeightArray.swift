import HDF5Reader

extension KerasWeight {
    /// Reads a weight dataset as float32, row-major.
    init(dataset: HDF5Dataset, name: String) throws {
        let values = try dataset.readFloats()
        let shape = dataset.shape
        guard shape.reduce(1, *) == values.count else {
            throw HDF5Error.readFailed(path: dataset.location, reason: "shape \(shape) does not match \(values.count) values")
        }
        self.init(validatedName: name, shape: shape, values: values)
    }

    /// The rows × columns view of a 2-D weight.
    var matrixSize: (rows: Int, columns: Int)? {
        shape.count == 2 ? (shape[0], shape[1]) : nil
    }
}

/// Row-major array helpers for weight conversions.
enum WeightArrays {
    /// Concatenates 2-D arrays with equal row counts along the columns (`np.hstack`).
    static func concatenateColumns(_ parts: [KerasWeight], name: String) -> KerasWeight? {
        guard let rows = parts.first?.matrixSize?.rows,
              parts.allSatisfy({ $0.matrixSize?.rows == rows })
        else { return nil }
        let columns = parts.map { $0.shape[1] }
        let total = columns.reduce(0, +)
        var values = [Float](repeating: 0, count: rows * total)
        var offset = 0
        for (part, width) in zip(parts, columns) {
            for row in 0..<rows {
                let source = row * width
                let target = row * total + offset
                values.replaceSubrange(target..<target + width, with: part.values[source..<source + width])
            }
            offset += width
        }
        return KerasWeight(validatedName: name, shape: [rows, total], values: values)
    }

    /// Concatenates 1-D arrays.
    static func concatenateVectors(_ parts: [KerasWeight], name: String) -> KerasWeight? {
        guard parts.allSatisfy({ $0.shape.count == 1 }) else { return nil }
        let values = parts.flatMap(\.values)
        return KerasWeight(validatedName: name, shape: [values.count], values: values)
    }

    /// Applies `transform` to each of the `gates` equal column blocks of a 2-D array (`np.hsplit` then `np.hstack`);
    /// `transform` maps a block (rows × width, row-major) to a block of the same shape.
    static func transformGateBlocks(
        _ weight: KerasWeight, gates: Int, transform: ([Float], Int, Int) -> [Float]
    ) -> KerasWeight? {
        guard let (rows, columns) = weight.matrixSize, gates > 0, columns % gates == 0 else { return nil }
        let width = columns / gates
        var blocks: [KerasWeight] = []
        for gate in 0..<gates {
            var block = [Float](repeating: 0, count: rows * width)
            for row in 0..<rows {
                let source = row * columns + gate * width
                block.replaceSubrange(row * width..<(row + 1) * width, with: weight.values[source..<source + width])
            }
            blocks.append(KerasWeight(validatedName: weight.name, shape: [rows, width], values: transform(block, rows, width)))
        }
        return concatenateColumns(blocks, name: weight.name)
    }
}
