import Foundation
import Testing
@testable import HDF5Reader

@Suite struct NPYReadTests {
    @Test func labelClassesAsNumpyWritesThem() throws {
        let labels = try NPYArray(contentsOf: Fixtures.hdf5("labels_U1.npy"))
        #expect(labels.descr == "<U1")
        #expect(labels.shape == [5])
        #expect(try labels.stringValues() == ["F", "N", "Q", "S", "V"])
        #expect(try NPYArray(contentsOf: Fixtures.hdf5("labels_S.npy")).stringValues() == ["AFIB", "N"])
    }

    @Test func float32CArray() throws {
        let array = try NPYArray(contentsOf: Fixtures.hdf5("f4_c.npy"))
        #expect(array.shape == [2, 3])
        #expect(array.descr == "<f4")
        // numpy computed these in float32: (index + 1) * 0.01f.
        #expect(try array.floatValues() == (1...6).map { Float($0) * Float(0.01) })
    }

    @Test func fortranOrderIsTransposedToC() throws {
        let array = try NPYArray(contentsOf: Fixtures.hdf5("f8_fortran.npy"))
        #expect(array.shape == [2, 3])
        #expect(array.values == .float64([0, 1, 2, 3, 4, 5]))
    }

    @Test func integerBoolAndBigEndianTypes() throws {
        #expect(try NPYArray(contentsOf: Fixtures.hdf5("i2_big_endian.npy")).values == .int64([-2, 300, 7]))
        #expect(try NPYArray(contentsOf: Fixtures.hdf5("f4_big_endian.npy")).values == .float32([1.5, -0.25]))
        #expect(try NPYArray(contentsOf: Fixtures.hdf5("u1.npy")).values == .int64([0, 255]))
        #expect(try NPYArray(contentsOf: Fixtures.hdf5("b1.npy")).values == .int64([1, 0, 1]))
        let scalar = try NPYArray(contentsOf: Fixtures.hdf5("i8_scalar.npy"))
        #expect(scalar.shape == [])
        #expect(scalar.values == .int64([-9]))
    }

    @Test func formatVersions2And3() throws {
        for name in ["v2_f4.npy", "v3_f4.npy"] {
            #expect(try NPYArray(contentsOf: Fixtures.hdf5(name)).floatValues() == [0.01, 0.02, 0.03])
        }
    }

    @Test func numbersAndStringsAreNotInterchangeable() throws {
        #expect(throws: NPYError.self) { try NPYArray(contentsOf: Fixtures.hdf5("labels_U1.npy")).floatValues() }
        #expect(throws: NPYError.self) { try NPYArray(contentsOf: Fixtures.hdf5("f4_c.npy")).stringValues() }
    }
}

@Suite struct NPYWriteTests {
    @Test func float32RoundTripThroughAFile() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let values: [Float] = (0..<24).map { Float($0) * 0.5 - 3 }
        let array = try NPYArray(shape: [2, 3, 4], floats: values)
        let file = directory.appendingPathComponent("y.npy").path
        try array.write(to: file)
        let back = try NPYArray(contentsOf: file)
        #expect(back == array)
        #expect(back.descr == "<f4")
        // numpy's layout: the header block (magic, version, length, dict, newline) is a multiple of 64 bytes.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect((bytes.count - 24 * 4) % 64 == 0)
        #expect(bytes[bytes.count - 24 * 4 - 1] == 0x0A)
    }

    @Test func stringsDoublesAndIntegersRoundTrip() throws {
        let arrays = [
            try NPYArray(shape: [5], values: .strings(["F", "N", "Q", "S", "V"])),
            try NPYArray(shape: [2], values: .strings(["é", "long label"])),
            try NPYArray(shape: [2, 1], values: .float64([1e-300, -2])),
            try NPYArray(shape: [], values: .int64([Int64.min])),
            try NPYArray(shape: [0, 3], floats: []),
        ]
        for array in arrays {
            #expect(try NPYArray(data: array.encoded()) == array)
        }
        #expect(arrays[0].descr == "<U1")
        #expect(arrays[1].descr == "<U10")
    }

    @Test func hugeHeaderUsesVersion2() throws {
        let shape = [Int](repeating: 1, count: 30_000)
        let array = try NPYArray(shape: shape, floats: [7])
        let bytes = array.encoded()
        #expect(bytes[6] == 2)
        #expect((bytes.count - 4) % 64 == 0)
        #expect(try NPYArray(data: bytes) == array)
    }

    @Test func shapeMustMatchValues() {
        #expect(throws: NPYError.self) { try NPYArray(shape: [2, 2], floats: [1, 2, 3]) }
        #expect(throws: NPYError.self) { try NPYArray(shape: [-1], floats: []) }
    }
}

@Suite struct NPYMalformedTests {
    /// An NPY v1 file with `header` as its dictionary and `payload` after it.
    static func npy(_ header: String, payload: [UInt8] = [], version: UInt8 = 1) -> Data {
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0]
        let text = Array((header + "\n").utf8)
        if version == 1 {
            bytes += [UInt8(text.count & 0xFF), UInt8(text.count >> 8)]
        } else {
            bytes += [UInt8(text.count & 0xFF), UInt8(text.count >> 8), 0, 0]
        }
        return Data(bytes + text + payload)
    }

    @Test func notNPY() {
        #expect(throws: NPYError.notNPY(source: "<memory>")) { try NPYArray(data: Data()) }
        #expect(throws: NPYError.notNPY(source: "<memory>")) { try NPYArray(data: Data("PK\u{3}\u{4}not npy".utf8)) }
        var wrongVersion = NPYMalformedTests.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }")
        wrongVersion[6] = 9
        #expect(throws: NPYError.notNPY(source: "<memory>")) { try NPYArray(data: wrongVersion) }
    }

    @Test func malformedHeaders() {
        let headers = [
            "{'descr': '<f4', 'shape': (1,), }",
            "{'descr': '<f4', 'fortran_order': False, }",
            "{'fortran_order': False, 'shape': (1,), }",
            "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1,",
            "not a dictionary",
            "{'descr: '<f4'}",
        ]
        for header in headers {
            let error = #expect(throws: NPYError.self) { try NPYArray(data: NPYMalformedTests.npy(header)) }
            if case .malformedHeader? = error {} else { Issue.record("\(header): \(String(describing: error))") }
        }
    }

    @Test func headerLengthPastTheEnd() {
        var data = NPYMalformedTests.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }")
        data[8] = 0xFF
        data[9] = 0xFF
        #expect(throws: NPYError.self) { try NPYArray(data: data) }
    }

    @Test func unsupportedDTypes() {
        for descr in ["|O", "<c8", "<f2", "<V4", "xyz", "<i3"] {
            let header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (1,), }"
            let error = #expect(throws: NPYError.self) { try NPYArray(data: NPYMalformedTests.npy(header, payload: [0, 0, 0, 0, 0, 0, 0, 0])) }
            if case .unsupportedDType? = error {} else { Issue.record("\(descr): \(String(describing: error))") }
        }
        let structured = "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"
        #expect(throws: NPYError.unsupportedDType(source: "<memory>", descr: "structured dtype")) {
            try NPYArray(data: NPYMalformedTests.npy(structured, payload: [0, 0, 0, 0]))
        }
    }

    @Test func absurdShapes() {
        for shape in ["(-1,)", "(1000000000000, 1000000000000)", "(268435457,)", "(9223372036854775807, 2)"] {
            let header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
            let error = #expect(throws: NPYError.self) { try NPYArray(data: NPYMalformedTests.npy(header)) }
            if case .absurdShape? = error {} else { Issue.record("\(shape): \(String(describing: error))") }
        }
    }

    @Test func truncatedData() {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"
        #expect(throws: NPYError.truncatedData(source: "<memory>", expectedBytes: 12, foundBytes: 5)) {
            try NPYArray(data: NPYMalformedTests.npy(header, payload: [0, 0, 0, 0, 0]))
        }
    }

    @Test func version2HeaderAndOutOfRangeUnsigned() throws {
        let header = "{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }"
        let ok = try NPYArray(data: NPYMalformedTests.npy(header, payload: [1, 0, 0, 0, 0, 0, 0, 0], version: 2))
        #expect(ok.values == .int64([1]))
        #expect(throws: NPYError.valueOutOfRange(source: "<memory>", descr: "<u8")) {
            try NPYArray(data: NPYMalformedTests.npy(header, payload: [UInt8](repeating: 0xFF, count: 8)))
        }
    }

    @Test func missingFile() {
        #expect(throws: NPYError.cannotRead(path: "/nonexistent/x.npy", reason: "no such file")) {
            try NPYArray(contentsOf: "/nonexistent/x.npy")
        }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let valid = NPYMalformedTests.npy("{'descr': '<U2', 'fortran_order': True, 'shape': (2, 2), }", payload: [UInt8](repeating: 65, count: 32))
        for _ in 0..<300 {
            var bytes = valid
            for _ in 0..<4 {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? NPYArray(data: bytes)
            _ = try? NPYArray(data: bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
        }
    }
}
