import Foundation
import Testing
import HDF5Reader
@testable import KerasFormat

extension KerasGraph {
    /// The layer called `name` (searching nested graphs too), or a recorded failure.
    func layer(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> KerasLayer {
        if let layer = layers.first(where: { $0.name == name }) { return layer }
        for nested in layers.compactMap(\.nestedGraph) {
            if let layer = try? nested.layer(name) { return layer }
        }
        Issue.record("no layer \(name)", sourceLocation: sourceLocation)
        throw KerasFormatError.invalidConfig(path: name, reason: "missing in test")
    }

    /// Every layer of the graph and its nested graphs, depth first, keyed by name.
    var allLayers: [String: KerasLayer] {
        var out: [String: KerasLayer] = [:]
        for layer in layers {
            out[layer.name] = layer
            if let nested = layer.nestedGraph { out.merge(nested.allLayers) { first, _ in first } }
        }
        return out
    }
}

/// Checks that two models read from different containers hold the same layers with identical weights.
func expectSameWeights(_ a: KerasModel, _ b: KerasModel, sourceLocation: SourceLocation = #_sourceLocation) {
    let left = a.graph.allLayers
    let right = b.graph.allLayers
    #expect(Set(left.keys) == Set(right.keys), sourceLocation: sourceLocation)
    for (name, layer) in left {
        guard let other = right[name] else { continue }
        #expect(layer.weights.map(\.shape) == other.weights.map(\.shape), "\(name)", sourceLocation: sourceLocation)
        #expect(layer.weights.map(\.values) == other.weights.map(\.values), "\(name)", sourceLocation: sourceLocation)
    }
}

/// The canonical weights a generator stored under `/expected/<layer>/<i>` next to a legacy model.
func expectedWeights(in path: String, layer: String) throws -> [KerasWeight] {
    let group = try HDF5File(path: path).root.group("expected/\(layer)")
    let names = try group.memberNames().sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
    return try names.map { try KerasWeight(dataset: group.dataset($0), name: $0) }
}

/// Builds a ZIP archive in memory (no compression is performed; `method` is only declared).
func makeZip(_ entries: [(name: String, data: Data, method: UInt16)]) -> Data {
    func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
    var body = Data()
    var directory = Data()
    for entry in entries {
        let name = Array(entry.name.utf8)
        let offset = body.count
        body += [0x50, 0x4B, 0x03, 0x04] + le16(20) + le16(0) + le16(Int(entry.method)) + le16(0) + le16(0)
            + le32(0) + le32(entry.data.count) + le32(entry.data.count) + le16(name.count) + le16(0)
        body += name
        body += entry.data
        directory += [0x50, 0x4B, 0x01, 0x02] + le16(20) + le16(20) + le16(0) + le16(Int(entry.method)) + le16(0) + le16(0)
            + le32(0) + le32(entry.data.count) + le32(entry.data.count) + le16(name.count) + le16(0) + le16(0)
            + le16(0) + le16(0) + le32(0) + le32(offset)
        directory += name
    }
    let end: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
        + le32(directory.count) + le32(body.count) + le16(0)
    return body + directory + Data(end)
}
