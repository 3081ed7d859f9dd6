import Foundation
@testable import ECGAnalysis

/// The committed image fixtures (Tests/Fixtures/images, written by tools/images/make_image_fixtures.py) and the
/// pixels each must decode to.
enum ImageFixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/images")

    struct Expected: Decodable {
        var width: Int
        var height: Int
        /// Largest allowed difference per channel (0 for exact formats, a few levels for JPEG).
        var tolerance: Int
        var dpi: Double?
        /// Hex of the RGB bytes, row by row.
        var rgb: String

        var bytes: [UInt8] {
            var out = [UInt8]()
            out.reserveCapacity(rgb.utf8.count / 2)
            var iterator = rgb.utf8.makeIterator()
            while let high = iterator.next(), let low = iterator.next() {
                out.append(UInt8(Self.nibble(high) << 4 | Self.nibble(low)))
            }
            return out
        }

        private static func nibble(_ c: UInt8) -> Int { Int(c >= 0x61 ? c - 0x61 + 10 : c - 0x30) }
    }

    static func expected() throws -> [String: Expected] {
        try JSONDecoder().decode([String: Expected].self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }
}
