import Foundation
import Testing
@testable import ECGAnalysis

/// Decompression bombs, absurd headers, truncated and mutated files: always a typed `ImageDecodingError`,
/// never a trap, a hang or a large allocation.
@Suite("Hostile images")
struct HostileImageTests {
    private func decodingError(_ bytes: [UInt8], limits: ImageDecodingLimits = .init()) -> ImageDecodingError? {
        do {
            _ = try ImageDecoder(limits: limits).decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    private static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// A copy of a PNG with IHDR's width and height replaced (and its CRC fixed, so only the size is wrong).
    private func png(_ name: String, width: UInt32, height: UInt32) throws -> [UInt8] {
        var bytes = try ImageFixtures.bytes(name)
        for (offset, value) in [(16, width), (20, height)] {
            for k in 0..<4 { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (24 - 8 * k)) }
        }
        let crc = Self.crc32(bytes[12..<29])
        for k in 0..<4 { bytes[29 + k] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * k)) }
        return bytes
    }

    @Test func pngBombIsRefusedFromItsHeader() throws {
        let bomb = try ImageFixtures.bytes("bomb_16000x16000.png")
        #expect(bomb.count < 64 << 10)
        #expect(decodingError(bomb) == .tooLarge(width: 16000, height: 16000, maxPixels: 40_000_000, maxDimension: 20_000))
        #expect(decodingError(try png("rgb8.png", width: 100_000, height: 100_000))?.code == "image_too_large")
        #expect(decodingError(try png("rgb8.png", width: 0, height: 7)) == .invalidDimensions(width: 0, height: 7))
        #expect(decodingError(try png("rgb8.png", width: 0x8000_0000, height: 7))?.code == "unreadable_image")
    }

    @Test func limitsAreConfigurable() throws {
        let small = ImageDecodingLimits(maxPixels: 50, maxDimension: 1000)
        for name in ["rgb8.png", "baseline444.jpg", "rgb24.bmp"] {
            #expect(decodingError(try ImageFixtures.bytes(name), limits: small)?.code == "image_too_large", "\(name)")
        }
        let narrow = ImageDecodingLimits(maxPixels: 1000, maxDimension: 10)
        #expect(decodingError(try ImageFixtures.bytes("rgb24.bmp"), limits: narrow)?.code == "image_too_large")
    }

    @Test func jpegWithAbsurdFrameSizeIsRefused() throws {
        var bytes = try ImageFixtures.bytes("baseline444.jpg")
        // SOF0: FF C0, length, precision, height, width.
        let sof = try #require(bytes.indices.dropLast().first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + 5] = 0xFF; bytes[sof + 6] = 0xF0; bytes[sof + 7] = 0xFF; bytes[sof + 8] = 0xF0
        #expect(decodingError(bytes) == .tooLarge(width: 65520, height: 65520, maxPixels: 40_000_000, maxDimension: 20_000))
        bytes[sof + 5] = 0; bytes[sof + 6] = 0
        #expect(decodingError(bytes)?.code == "unreadable_image")
    }

    @Test func absurdBMPHeaders() throws {
        let good = try ImageFixtures.bytes("rgb24.bmp")
        func patched(_ offset: Int, _ value: Int32) -> [UInt8] {
            var bytes = good
            for k in 0..<4 { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
            return bytes
        }
        #expect(decodingError(patched(18, 1_000_000))?.code == "image_too_large")      // width
        #expect(decodingError(patched(22, -1_000_000))?.code == "image_too_large")     // top-down height
        #expect(decodingError(patched(18, 0)) == .invalidDimensions(width: 0, height: 7))
        #expect(decodingError(patched(18, -13))?.code == "unreadable_image")
        #expect(decodingError(patched(22, Int32.min))?.code == "unreadable_image")
        #expect(decodingError(patched(18, 5000)) == .truncated(.bmp))                  // no data for that width
        #expect(decodingError(patched(10, 0x7FFF_FFF0)) == .truncated(.bmp))           // pixel offset past the end
        #expect(decodingError(patched(10, 20))?.code == "unreadable_image")            // pixel offset in the header
        #expect(decodingError(patched(14, 9999))?.code == "unsupported_image")         // unknown DIB header size
        var planes = good
        planes[26] = 3
        #expect(decodingError(planes)?.code == "unreadable_image")
        var bpp = good
        bpp[28] = 7
        #expect(decodingError(bpp)?.code == "unreadable_image")
        var jpegInside = good
        jpegInside[30] = 4
        #expect(decodingError(jpegInside)?.code == "unsupported_image")
        // A palette claiming 2³² − 1 colours.
        var palette = try ImageFixtures.bytes("palette8.bmp")
        for k in 0..<4 { palette[46 + k] = 0xFF }
        #expect(decodingError(palette)?.code == "unreadable_image")
    }

    /// Bit-field masks up to 32 bits wide (found by tools/fuzz: a 32-bit alpha mask and 25-bit colour masks overflowed
    /// 32-bit arithmetic): decoded, each channel scaled into 0…255.
    @Test(arguments: [(66, UInt32.max), (54, UInt32(0x01FF_FFFF)), (62, UInt32(0xFFFF_FFFF))])
    func wideBitFieldMasks(_ offset: Int, _ mask: UInt32) throws {
        var bytes = try ImageFixtures.bytes("rgba32_v5.bmp")
        for k in 0..<4 { bytes[offset + k] = UInt8(truncatingIfNeeded: mask >> (8 * k)) }
        let image = try ImageDecoder().decode(bytes)
        #expect(image.width == 13 && image.height == 7)
        #expect(image.rgb.count == 13 * 7 * 3)
    }

    @Test func rleStreamsCannotWriteOutsideTheImage() throws {
        var bytes = try ImageFixtures.bytes("rle8.bmp")
        let offset = Int(bytes[10]) | Int(bytes[11]) << 8
        // A delta far beyond the image, long runs, then end of bitmap: all clipped.
        let stream: [UInt8] = [255, 1, 0, 2, 250, 250, 255, 2, 0, 0, 255, 3, 0, 1]
        bytes.replaceSubrange(offset..., with: stream)
        let image = try ImageDecoder().decode(bytes)
        #expect(image.width == 13 && image.height == 7)
        // Without an end-of-bitmap the stream is truncated.
        bytes.replaceSubrange(offset..., with: [5, 1, 5])
        #expect(decodingError(bytes) == .truncated(.bmp))
    }

    @Test func cmykJPEGIsUnsupported() throws {
        #expect(decodingError(try ImageFixtures.bytes("cmyk.jpg"))?.code == "unsupported_image")
    }

    @Test func notAnImage() {
        #expect(decodingError(Array("time,MLII\n0,1\n".utf8)) == .unrecognizedFormat)
        #expect(decodingError([]) == .unrecognizedFormat)
    }

    /// Every prefix length of each format's file: a typed error (or, for a cut inside trailing bytes, an image).
    @Test(arguments: ["rgb8.png", "rgb8_interlaced.png", "palette8.png", "baseline444.jpg", "progressive.jpg",
                      "orientation6.jpg", "rgb24.bmp", "palette4.bmp", "rle8.bmp", "rle4.bmp", "rgba32_v5.bmp"])
    func truncatedFilesGiveTypedErrors(_ name: String) throws {
        let full = try ImageFixtures.bytes(name)
        // Where the image data ends: PNG's IEND chunk and JPEG's EOI marker carry no pixels; a BMP's last row may
        // lack its padding.
        let iend = full.indices.dropLast(4).first { full[$0..<($0 + 4)].elementsEqual("IEND".utf8) }
        let dataEnd = iend.map { $0 - 4 } ?? (name.hasSuffix(".bmp") ? full.count - 3 : full.count - 2)
        let step = max(1, full.count / 97)
        for length in stride(from: 0, to: dataEnd, by: step) {
            let error = decodingError(Array(full.prefix(length)))
            #expect(error != nil, "\(name) cut to \(length) of \(full.count) bytes decoded")
        }
    }

    /// Random byte changes, insertions and deletions in each fixture: an image or a typed error, never a trap.
    /// `ECG_IMAGE_FUZZ_ITERATIONS` (default 30 per fixture) runs a longer campaign.
    @Test func mutatedFilesNeverTrap() throws {
        let iterations = ProcessInfo.processInfo.environment["ECG_IMAGE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 30
        var state: UInt64 = 12345
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var decoded = 0, refused = 0
        for name in try ImageFixtures.expected().keys.sorted() {
            let seed = try ImageFixtures.bytes(name)
            for _ in 0..<iterations {
                var bytes = seed
                let kind = next() % 4
                for _ in 0..<(1 + Int(next() % 10)) {
                    let i = Int(next() % UInt64(bytes.count))
                    switch kind {
                    case 0: bytes[i] = UInt8(truncatingIfNeeded: next())
                    case 1: bytes[i] = [0, 0xFF, 0x7F, 0x80][Int(next() % 4)]
                    case 2: if bytes.count > 20 { bytes.remove(at: i) }
                    default: bytes.insert(UInt8(truncatingIfNeeded: next()), at: i)
                    }
                }
                do {
                    let image = try ImageDecoder(limits: .init(maxPixels: 4_000_000)).decode(bytes)
                    #expect(image.rgb.count == image.width * image.height * 3)
                    decoded += 1
                } catch {
                    refused += 1
                }
            }
        }
        #expect(decoded + refused == iterations * (try ImageFixtures.expected().count))
        if iterations > 30 { print("mutated images: \(decoded) decoded, \(refused) refused with a typed error") }
    }
}
