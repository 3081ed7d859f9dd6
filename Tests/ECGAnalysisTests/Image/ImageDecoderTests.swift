import Foundation
import Testing
@testable import ECGAnalysis

@Suite("Image decoders")
struct ImageDecoderTests {
    static let names: [String] = (try? ImageFixtures.expected().keys.sorted()) ?? []

    @Test(arguments: names)
    func decodesFixture(_ name: String) throws {
        let expected = try #require(try ImageFixtures.expected()[name])
        let image = try ImageDecoder().decode(ImageFixtures.bytes(name))
        #expect(image.width == expected.width)
        #expect(image.height == expected.height)
        let reference = expected.bytes
        try #require(image.rgb.count == reference.count)
        let worst = zip(image.rgb, reference).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= expected.tolerance, "\(name): largest channel difference \(worst)")
        if let dpi = expected.dpi {
            #expect(abs((image.dotsPerInch ?? 0) - dpi) < 0.5, "\(name): dpi \(String(describing: image.dotsPerInch))")
        } else {
            #expect(image.dotsPerInch == nil || name.hasSuffix(".jpg"))
        }
    }

    @Test func fixturesCoverEveryVariant() {
        #expect(Self.names.count >= 40)
        for o in 1...8 { #expect(Self.names.contains("orientation\(o).jpg")) }
    }

    /// The six blocks of the upright 48 × 32 test card must land where they belong, whatever the EXIF orientation.
    @Test(arguments: 1...8)
    func orientationIsApplied(_ orientation: Int) throws {
        let image = try ImageDecoder().decode(ImageFixtures.bytes("orientation\(orientation).jpg"))
        #expect(image.width == 48 && image.height == 32)
        let colours: [(Int, Int, Int)] = [(230, 30, 30), (30, 200, 40), (30, 40, 220), (240, 220, 30), (30, 210, 220), (20, 20, 20)]
        for (block, colour) in colours.enumerated() {
            let x = (block % 3) * 16 + 8, y = (block / 3) * 16 + 8
            let i = 3 * (y * 48 + x)
            let got = (Int(image.rgb[i]), Int(image.rgb[i + 1]), Int(image.rgb[i + 2]))
            #expect(abs(got.0 - colour.0) < 20 && abs(got.1 - colour.1) < 20 && abs(got.2 - colour.2) < 20,
                    "orientation \(orientation), block \(block): \(got)")
        }
    }

    @Test func formatIsSniffedNotNamed() throws {
        #expect(ImageFormat(sniffing: try ImageFixtures.bytes("rgb8.png")) == .png)
        #expect(ImageFormat(sniffing: try ImageFixtures.bytes("gray.jpg")) == .jpeg)
        #expect(ImageFormat(sniffing: try ImageFixtures.bytes("rgb24.bmp")) == .bmp)
        #expect(ImageFormat(sniffing: Array("time,MLII\n0,1\n".utf8)) == nil)
        #expect(ImageFormat(fileExtension: "JPEG") == .jpeg)
    }
}
