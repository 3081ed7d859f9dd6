import Foundation
import Testing
@testable import HDF5Reader

@Suite struct HDF5PreflightTests {
    /// The reason of the `truncatedOrCorrupt` error `body` throws, or nil (recorded as an issue) for anything else.
    private func corruptReason(_ body: () throws -> Void) -> String? {
        do {
            try body()
        } catch HDF5Error.truncatedOrCorrupt(_, let reason) {
            return reason
        } catch {
            Issue.record("expected truncatedOrCorrupt, got \(error)")
            return nil
        }
        Issue.record("expected truncatedOrCorrupt, the file opened")
        return nil
    }

    private func bytes(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: Fixtures.hdf5(name)))
    }

    @Test func lookup3MatchesTheReferenceValues() {
        #expect(HDF5Checksum.lookup3([UInt8]()) == 0xDEAD_BEEF)
        #expect(HDF5Checksum.lookup3(Array("Four score and seven years ago".utf8)) == 0x1777_0551)
    }

    @Test func everyCommittedHDF5FixturePasses() throws {
        let root = Fixtures.directory
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }
            .filter { $0.pathExtension == "h5" && !$0.path.contains("/mutated") }
            .filter { !["random_bytes", "truncated_h5"].contains($0.deletingLastPathComponent().lastPathComponent) } ?? []
        #expect(files.count > 50)
        for file in files {
            #expect(throws: Never.self, "\(file.lastPathComponent)") { _ = try HDF5File(path: file.path).root }
        }
    }

    @Test func latestFormatOpensAndChecksumsAreVerified() throws {
        let file = try HDF5File(path: Fixtures.hdf5("latest_format.h5"))
        #expect(try file.root.dataset("group/values").readFloats() == [0.01, 0.02, 0.03])

        var superblock = try bytes("latest_format.h5")
        superblock[28] ^= 0x01  // the end-of-file address
        #expect(corruptReason { _ = try HDF5File(bytes: superblock) }?.contains("superblock checksum") == true)

        var header = try bytes("latest_format.h5")
        let rootAddress = Int(header[36])  // the root object header address (low byte; the file is small)
        #expect(header[rootAddress..<rootAddress + 4].elementsEqual(Array("OHDR".utf8)))
        header[rootAddress + 12] ^= 0x40
        #expect(corruptReason { _ = try HDF5File(bytes: header) }?.contains("checksum mismatch") == true)
    }

    @Test func superblockAddressesMustLieInsideTheFile() throws {
        // cases.h5: superblock version 0, 8-byte offsets; base at 24, end of file at 40, root entry at 56.
        var eof = try bytes("cases.h5")
        eof[45] = 0x7F
        #expect(corruptReason { _ = try HDF5File(bytes: eof) }?.contains("cut short") == true)

        var root = try bytes("cases.h5")
        root[70] = 0x40  // object header address of the root group
        #expect(corruptReason { _ = try HDF5File(bytes: root) }?.contains("beyond the end") == true)

        var base = try bytes("cases.h5")
        base[24] = 0x10
        #expect(corruptReason { _ = try HDF5File(bytes: base) }?.contains("base address") == true)

        var sizes = try bytes("cases.h5")
        sizes[13] = 16
        #expect(corruptReason { _ = try HDF5File(bytes: sizes) }?.contains("sizes of offsets") == true)
    }

    @Test func damagedObjectHeadersAreRejected() throws {
        let original = try bytes("cases.h5")
        let header = 0x60  // the root group's version 1 object header
        #expect(original[header] == 1)

        var version = original
        version[header] = 0
        #expect(corruptReason { _ = try HDF5File(bytes: version) }?.contains("unknown version") == true)

        var message = original
        message[header + 16 + 2] = 0xFF  // the first message's size
        message[header + 16 + 3] = 0x7F
        #expect(corruptReason { _ = try HDF5File(bytes: message) }?.contains("overruns") == true)

        var tree = original
        tree[0x88] = 0  // "TREE" of the root group's B-tree
        #expect(corruptReason { _ = try HDF5File(bytes: tree) }?.contains("B-tree") == true)
    }

    /// Mutated fixtures (tools/fuzz/h5_mutate.py) that crashed or hung libhdf5 when it read them alone: the checks
    /// refuse each before libhdf5 sees it, so reading them in-process is safe.
    @Test func mutatedFilesThatBrokeLibhdf5AreRefused() throws {
        let folder = Fixtures.directory.appendingPathComponent("hdf5/mutated")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".h5") }
        #expect(names.count >= 2)
        for name in names {
            let path = folder.appendingPathComponent(name).path
            #expect(corruptReason { _ = try HDF5File(path: path).root } != nil, "\(name)")
        }
    }

    @Test func theSameChecksRunForFilesOnDisk() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var damaged = try bytes("cases.h5")
        damaged[0x60] = 7
        let path = directory.appendingPathComponent("damaged.h5").path
        try damaged.write(to: URL(fileURLWithPath: path))
        #expect(corruptReason { _ = try HDF5File(path: path) }?.contains("unknown version") == true)
    }
}
