import Foundation
import Testing
@testable import HDF5Reader

@Suite struct HDF5AttributeTests {
    let root: HDF5Group

    init() throws {
        root = try HDF5File(path: Fixtures.hdf5("cases.h5")).root
    }

    @Test func variableLengthStrings() throws {
        #expect(try root.attributes.string("vlen_utf8_scalar") == "héllo wörld")
        #expect(try root.attributes.string("vlen_ascii_scalar") == "plain")
        #expect(try root.attributes.strings("vlen_array") == ["conv1d", "lstm", "dense"])
    }

    @Test func fixedLengthStringsInEveryPadding() throws {
        #expect(try root.attributes.strings("fixed_nullpad_array") == ["conv1d", "lstm", "dense"])
        #expect(try root.attributes.string("fixed_nullpad_scalar") == "2.2.4")
        #expect(try root.attributes.strings("fixed_nullterm_array") == ["ab", "cde", ""])
        #expect(try root.attributes.strings("fixed_spacepad_array") == ["ab", "cde"])
        #expect(try root.attributes.string("fixed_utf8_scalar") == "héllo")
    }

    @Test func emptyFloatArrayIsAnEmptyList() throws {
        #expect(try root.attributes.strings("empty_list") == [])
    }

    @Test func absentAttributeIsNil() throws {
        #expect(try root.attributes.strings("no_such_attribute") == nil)
        #expect(!root.attributes.contains("no_such_attribute"))
        #expect(root.attributes.contains("vlen_array"))
    }

    @Test func chunkedAttributesConcatenateUntilTheFirstGap() throws {
        #expect(try root.attributes.chunkedStrings("layer_names") == ["a", "b", "c", "d", "e"])
        #expect(try root.attributes.chunkedStrings("vlen_array") == ["conv1d", "lstm", "dense"])
        #expect(try root.attributes.chunkedStrings("missing") == nil)
    }

    @Test func numericAttributes() throws {
        #expect(try root.attributes.doubles("float_scalar") == [2.5])
        #expect(try root.attributes.doubles("int_array") == [3, 1, 4])
    }

    @Test func typeMismatchesAreTypedErrors() throws {
        #expect(throws: HDF5Error.self) { try root.attributes.strings("int_array") }
        #expect(throws: HDF5Error.self) { try root.attributes.doubles("vlen_array") }
        #expect(throws: HDF5Error.self) { try root.attributes.string("vlen_array") }
    }

    @Test func attributeNamesAreListed() throws {
        let names = try root.attributes.names()
        #expect(names.contains("layer_names0"))
        #expect(names.contains("vlen_utf8_scalar"))
        #expect(names.count == 15)
    }
}

@Suite struct HDF5DatasetTests {
    let data: HDF5Group

    init() throws {
        data = try HDF5File(path: Fixtures.hdf5("cases.h5")).root.group("data")
    }

    @Test func float32WithShape() throws {
        let dataset = try data.dataset("f4")
        #expect(dataset.shape == [2, 3])
        #expect(dataset.elementCount == 6)
        #expect(dataset.typeDescription == "float32")
        let values = try dataset.readFloats()
        #expect(values.count == 6)
        for (index, value) in values.enumerated() { #expect(abs(value - Float(index + 1) * 0.01) < 1e-7) }
    }

    @Test func everyNumericTypeConverts() throws {
        #expect(try data.dataset("f8").readDoubles() == [1.5, -2.25, 1e-3, 4.0])
        #expect(try data.dataset("f8").readFloats() == [1.5, -2.25, Float(1e-3), 4.0])
        #expect(try data.dataset("i8").readInt64s() == [-3, 0, 7, 1 << 40])
        #expect(try data.dataset("u1").readFloats() == [0, 200, 255])
        #expect(try data.dataset("i2_big_endian").readFloats() == [-2, 300])
        #expect(try data.dataset("f2").readFloats() == [0.5, -1.25, 2.0])
        #expect(try data.dataset("u1").typeDescription == "uint8")
    }

    @Test func scalarAndEmptyDatasets() throws {
        let scalar = try data.dataset("scalar")
        #expect(scalar.shape == [])
        #expect(try scalar.readFloats() == [42])
        let empty = try data.dataset("empty")
        #expect(empty.shape == [0, 4])
        #expect(try empty.readFloats() == [])
    }

    @Test func stringDatasets() throws {
        #expect(try data.dataset("strings_vlen").readStrings() == ["x", "yz"])
        #expect(try data.dataset("strings_fixed").readStrings() == ["F", "N", "Q"])
        #expect(throws: HDF5Error.self) { try data.dataset("f4").readStrings() }
    }

    @Test func compoundDatasetIsUnsupported() throws {
        let error = #expect(throws: HDF5Error.self) { try data.dataset("compound").readFloats() }
        #expect(error?.description.contains("compound") == true)
        #expect(error?.description.contains("/data/compound") == true)
    }

    @Test func integersOnlyReadAsInt64() throws {
        #expect(throws: HDF5Error.self) { try data.dataset("f4").readInt64s() }
    }

    @Test func datasetAttributes() throws {
        #expect(try data.dataset("f4").attributes.string("unit") == nil)
        #expect(try data.attributes.string("unit") == "mV")
    }
}

@Suite struct HDF5GroupTests {
    @Test func membersAndPaths() throws {
        let root = try HDF5File(path: Fixtures.hdf5("cases.h5")).root
        #expect(try root.memberNames() == ["data", "nested"])
        #expect(try root.group("data").memberNames().contains("kernel:0"))
        #expect(root.kind(of: "nested/inner") == .group)
        #expect(root.kind(of: "data/f4") == .dataset)
        #expect(root.kind(of: "data/missing") == nil)
        #expect(root.kind(of: "missing/deeper/still") == nil)
        let deepest = try root.group("nested/inner/deepest")
        #expect(deepest.path == "/nested/inner/deepest")
        #expect(try deepest.dataset("values").readFloats() == [1.01, 1.02, 1.03, 1.04])
        #expect(try root.group("nested").dataset("inner/deepest/values").shape == [4])
        #expect(try root.dataset("data/kernel:0").shape == [3])
    }

    @Test func missingAndWrongKindObjects() throws {
        let root = try HDF5File(path: Fixtures.hdf5("cases.h5")).root
        #expect(throws: HDF5Error.missingObject(path: "\(Fixtures.hdf5("cases.h5")):/data/nothing")) {
            try root.dataset("data/nothing")
        }
        #expect(throws: HDF5Error.wrongObjectKind(path: "\(Fixtures.hdf5("cases.h5")):/data", expected: "dataset")) {
            try root.dataset("data")
        }
        #expect(throws: HDF5Error.self) { try root.group("data/f4") }
    }
}

@Suite struct HDF5OpenTests {
    @Test func openFromMemory() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.hdf5("cases.h5")))
        let file = try HDF5File(bytes: bytes, name: "image")
        #expect(file.source == "image")
        #expect(try file.root.attributes.strings("vlen_array") == ["conv1d", "lstm", "dense"])
        #expect(try file.root.dataset("data/f8").readDoubles() == [1.5, -2.25, 1e-3, 4.0])
        // Two images open at once stay distinct.
        let other = try HDF5File(bytes: try Data(contentsOf: URL(fileURLWithPath: Fixtures.hdf5("keras1.h5"))))
        #expect(try other.root.attributes.string("keras_version") == "1.2.2")
        #expect(try file.root.attributes.string("vlen_ascii_scalar") == "plain")
    }

    @Test func signatureAfterAUserBlock() throws {
        let path = Fixtures.hdf5("userblock.h5")
        #expect(try HDF5File(path: path).root.attributes.string("note") == "after a user block")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(HDF5File.signatureOffset(in: bytes) == 512)
    }

    @Test func missingFile() {
        #expect(throws: HDF5Error.cannotOpen(path: "/nonexistent/model.h5", reason: "no such file")) {
            try HDF5File(path: "/nonexistent/model.h5")
        }
    }

    @Test func directoryIsNotAFile() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: HDF5Error.cannotOpen(path: directory.path, reason: "it is a directory")) {
            try HDF5File(path: directory.path)
        }
    }

    @Test func emptyAndRandomFilesAreNotHDF5() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty.h5")
        try Data().write(to: empty)
        #expect(throws: HDF5Error.notHDF5(source: empty.path)) { try HDF5File(path: empty.path) }

        var generator = SystemRandomNumberGenerator()
        let random = directory.appendingPathComponent("random.h5")
        try Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: random)
        #expect(throws: HDF5Error.notHDF5(source: random.path)) { try HDF5File(path: random.path) }
        #expect(throws: HDF5Error.notHDF5(source: "<memory>")) { try HDF5File(bytes: Data([1, 2, 3])) }
    }

    @Test func truncatedFilesAreReportedNotCrashed() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.hdf5("cases.h5")))
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for length in [8, 64, 512, bytes.count / 2, bytes.count - 1] {
            let cut = directory.appendingPathComponent("cut-\(length).h5")
            try bytes.prefix(length).write(to: cut)
            let error = #expect(throws: HDF5Error.self) { try HDF5File(path: cut.path) }
            if case .truncatedOrCorrupt(let source, _)? = error { #expect(source == cut.path) } else {
                Issue.record("expected truncatedOrCorrupt for \(length) bytes, got \(String(describing: error))")
            }
            #expect(throws: HDF5Error.self) { try HDF5File(bytes: bytes.prefix(length)) }
        }
    }

    /// Damaged superblock fields (versions, sizes, addresses) must surface as errors, or as a file that still
    /// reads. (Damage deep inside object headers can crash libhdf5 1.10 itself; that is outside this reader.)
    @Test func damagedSuperblockGivesErrorsNotCrashes() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: Fixtures.hdf5("cases.h5")))
        var generator = SeededGenerator(state: 2026)
        var rejected = 0
        for _ in 0..<300 {
            var bytes = original
            let start = Int.random(in: 8..<80, using: &generator)
            for offset in start..<start + 8 { bytes[offset] = UInt8.random(in: 0...255, using: &generator) }
            guard let file = try? HDF5File(bytes: bytes), let root = try? file.root else {
                rejected += 1
                continue
            }
            for name in (try? root.attributes.names()) ?? [] { _ = try? root.attributes.strings(name) }
            if let data = try? root.group("data") {
                for name in (try? data.memberNames()) ?? [] { _ = try? data.dataset(name).readFloats() }
            }
        }
        #expect(rejected > 100)
    }

    @Test func concurrentReadsFromManyThreads() async throws {
        let path = Fixtures.hdf5("cases.h5")
        try await withThrowingTaskGroup(of: [Float].self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let file = try HDF5File(path: path)
                    return try file.root.dataset("data/f4").readFloats()
                }
            }
            for try await values in group { #expect(values.count == 6) }
        }
    }

    @Test func errorDescriptionsAreOneLineAndNameTheObject() {
        let errors: [HDF5Error] = [
            .cannotOpen(path: "a.h5", reason: "no such file"), .notHDF5(source: "b.h5"),
            .truncatedOrCorrupt(source: "c.h5", reason: "eof"), .missingObject(path: "c.h5:/x"),
            .wrongObjectKind(path: "c.h5:/y", expected: "group"), .unsupportedType(path: "c.h5:/z", type: "compound"),
            .tooLarge(path: "c.h5:/w", elements: 1 << 40), .readFailed(path: "c.h5:/v", reason: "bad"),
        ]
        for error in errors {
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains(".h5"))
        }
    }
}
