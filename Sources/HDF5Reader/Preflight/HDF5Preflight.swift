/// Structural checks of an HDF5 file made before libhdf5 sees it, so that the commonest kinds of damage (a cut-short
/// download, flipped or zeroed bytes in the superblock or in object headers) become a typed error instead of a crash
/// inside libhdf5, which trusts the addresses and sizes it reads.
///
/// What is checked (HDF5 File Format Specification, version 3):
/// - the superblock: version 0–3, sizes of offsets and lengths of 2, 4 or 8 bytes, group K values, the base
///   address equal to the signature's position, the end-of-file address no larger than the file, every stored
///   address inside the file; for versions 2 and 3 the lookup3 checksum;
/// - from the root group down, every object header reachable through version 1 symbol-table groups (B-tree nodes
///   `TREE`, local heaps `HEAP`, symbol nodes `SNOD`): version 1 headers (version, message count, header size) or
///   version 2 headers (`OHDR`, lookup3 checksum); each message's size within its chunk; continuation chunks
///   inside the file; attribute messages whose name, datatype, dataspace and value fit in the message, and the
///   global heap collections (`GCOL`) that hold their variable-length values.
///
/// A file that passes can still hold damage these checks do not see (inside a datatype description, a B-tree of
/// chunks, a global heap); libhdf5 remains the final reader. At most ``maximumObjects`` headers are visited.
struct HDF5Preflight {
    static let maximumObjects = 100_000

    private let source: HDF5ByteSource
    private let name: String
    private var base = 0
    private var offsetSize = 8
    private var lengthSize = 8
    private var endOfFile = 0
    private var visitedHeaders: Set<Int> = []
    private var visitedNodes: Set<Int> = []
    private var visitedCollections: Set<Int> = []
    private var pending: [Int] = []

    /// Checks `source` (whose HDF5 signature is at `signatureOffset`); throws `HDF5Error.truncatedOrCorrupt`.
    static func check(_ source: HDF5ByteSource, signatureOffset: Int, name: String) throws {
        var preflight = HDF5Preflight(source: source, name: name)
        try preflight.run(signatureOffset: signatureOffset)
    }

    private init(source: HDF5ByteSource, name: String) {
        self.source = source
        self.name = name
    }

    private func corrupt(_ reason: String) -> HDF5Error {
        .truncatedOrCorrupt(source: name, reason: reason)
    }

    private mutating func run(signatureOffset: Int) throws {
        let root = try readSuperblock(at: signatureOffset)
        pending = [root]
        while let header = pending.popLast() {
            guard visitedHeaders.count < Self.maximumObjects else {
                throw corrupt("more than \(Self.maximumObjects) object headers")
            }
            guard visitedHeaders.insert(header).inserted else { continue }
            try checkObjectHeader(at: header)
        }
    }

    // MARK: - Superblock

    /// Reads and checks the superblock; returns the root group's object header address (relative to the base).
    private mutating func readSuperblock(at start: Int) throws -> Int {
        guard let fixed = source.read(start + 8, 4) else { throw corrupt("the file ends inside the superblock") }
        let version = Int(fixed[0])
        switch version {
        case 0, 1:
            guard let head = source.read(start, 24) else { throw corrupt("the file ends inside the superblock") }
            guard head[9] == 0, head[10] == 0, head[12] == 0 else {
                throw corrupt("superblock: unknown free-space, symbol-table or shared-message version")
            }
            try setSizes(offsets: Int(head[13]), lengths: Int(head[14]))
            let leafK = Int(head[16]) | Int(head[17]) << 8
            let internalK = Int(head[18]) | Int(head[19]) << 8
            guard leafK > 0, internalK > 0 else { throw corrupt("superblock: a group B-tree K of 0") }
            var cursor = start + 24
            if version == 1 {
                guard let storage = source.read(cursor, 4), (Int(storage[0]) | Int(storage[1]) << 8) > 0 else {
                    throw corrupt("superblock: an indexed-storage K of 0 or a cut-short superblock")
                }
                cursor += 4
            }
            let addresses = try readFields(at: &cursor, count: 4, size: offsetSize)
            try setBase(addresses[0], signatureOffset: start)
            try setEndOfFile(addresses[2])
            try checkOptionalAddress(addresses[1], "superblock: free-space address")
            try checkOptionalAddress(addresses[3], "superblock: driver information address")
            let entry = try readSymbolEntry(at: &cursor)
            return entry
        case 2, 3:
            try setSizes(offsets: Int(fixed[1]), lengths: Int(fixed[2]))
            let length = 12 + 4 * offsetSize
            guard let bytes = source.read(start, length + 4) else {
                throw corrupt("the file ends inside the superblock")
            }
            let stored = littleEndian(bytes[length..<(length + 4)])
            guard UInt64(HDF5Checksum.lookup3(bytes[0..<length])) == stored else {
                throw corrupt("superblock checksum mismatch")
            }
            var cursor = start + 12
            let addresses = try readFields(at: &cursor, count: 4, size: offsetSize)
            try setBase(addresses[0], signatureOffset: start)
            try setEndOfFile(addresses[2])
            try checkOptionalAddress(addresses[1], "superblock: extension address")
            if let extensionAddress = addresses[1] { pending.append(extensionAddress) }
            guard let root = addresses[3] else { throw corrupt("superblock: no root group address") }
            try checkAddress(root, "superblock: root group address")
            return root
        default:
            throw corrupt("unknown superblock version \(version)")
        }
    }

    private mutating func setSizes(offsets: Int, lengths: Int) throws {
        guard [2, 4, 8].contains(offsets), [2, 4, 8].contains(lengths) else {
            throw corrupt("superblock: sizes of offsets \(offsets) and lengths \(lengths) (2, 4 or 8 accepted)")
        }
        offsetSize = offsets
        lengthSize = lengths
    }

    private mutating func setBase(_ address: Int?, signatureOffset: Int) throws {
        guard let address, address == signatureOffset else {
            throw corrupt("superblock: base address \(address.map(String.init) ?? "undefined") is not the signature's position \(signatureOffset)")
        }
        base = address
    }

    private mutating func setEndOfFile(_ address: Int?) throws {
        guard let address else { throw corrupt("superblock: undefined end-of-file address") }
        guard address <= source.size else {
            throw corrupt("the file is cut short: \(source.size) bytes, the superblock says \(address)")
        }
        endOfFile = address
    }

    // MARK: - Groups (version 1 symbol tables)

    /// A symbol table entry (link name offset, object header address, cache type, scratch pad); queues the object
    /// header and, for a cached group, its B-tree. Returns the object header address.
    @discardableResult
    private mutating func readSymbolEntry(at cursor: inout Int) throws -> Int {
        let fields = try readFields(at: &cursor, count: 2, size: offsetSize)
        guard let header = fields[1] else { throw corrupt("symbol table entry without an object header address") }
        try checkAddress(header, "symbol table entry: object header address")
        guard let cache = source.read(cursor, 24) else { throw corrupt("the file ends inside a symbol table entry") }
        let cacheType = littleEndian(cache[0..<4])
        guard cacheType <= 2 else { throw corrupt("symbol table entry: unknown cache type \(cacheType)") }
        var scratch = cursor + 8
        cursor += 24
        if cacheType == 1 {
            let tables = try readFields(at: &scratch, count: 2, size: offsetSize)
            try checkSymbolTable(btree: tables[0], heap: tables[1])
        }
        pending.append(header)
        return header
    }

    /// A group's B-tree (version 1, node type 0) and local heap; queues every object its symbol nodes name.
    private mutating func checkSymbolTable(btree: Int?, heap: Int?) throws {
        guard let btree, let heap else { throw corrupt("symbol table with an undefined B-tree or heap address") }
        try checkLocalHeap(at: heap)
        try checkGroupNode(at: btree)
    }

    private func checkLocalHeap(at address: Int) throws {
        try checkAddress(address, "local heap address")
        var cursor = base + address + 8
        guard let head = source.read(base + address, 8), head[0..<4].elementsEqual(Array("HEAP".utf8)), head[4] == 0
        else { throw corrupt("no local heap (HEAP, version 0) at \(address)") }
        let sizes = try readFields(at: &cursor, count: 2, size: lengthSize)
        let data = try readFields(at: &cursor, count: 1, size: offsetSize)
        guard let size = sizes[0], let dataAddress = data[0], size <= endOfFile, dataAddress <= endOfFile - size
        else { throw corrupt("local heap at \(address): data segment outside the file") }
    }

    private mutating func checkGroupNode(at address: Int) throws {
        try checkAddress(address, "group B-tree node address")
        // The root group's B-tree is named twice (superblock cache and root header); a cycle ends here too.
        guard visitedNodes.insert(address).inserted else { return }
        guard visitedNodes.count <= Self.maximumObjects else { throw corrupt("too many B-tree nodes") }
        let start = base + address
        guard let head = source.read(start, 8) else { throw corrupt("the file ends inside a B-tree node") }
        if head[0..<4].elementsEqual(Array("SNOD".utf8)) {
            try checkSymbolNode(at: address)
            return
        }
        guard head[0..<4].elementsEqual(Array("TREE".utf8)), head[4] == 0 else {
            throw corrupt("no group B-tree node (TREE, type 0) at \(address)")
        }
        let entries = Int(head[6]) | Int(head[7]) << 8
        var cursor = start + 8 + 2 * offsetSize
        // Keys (heap offsets, `lengthSize` bytes) alternate with child addresses: key, child, key, …, child, key.
        for _ in 0..<entries {
            cursor += lengthSize
            let child = try readFields(at: &cursor, count: 1, size: offsetSize)
            guard let childAddress = child[0] else { throw corrupt("group B-tree node \(address): undefined child") }
            try checkGroupNode(at: childAddress)
        }
    }

    private mutating func checkSymbolNode(at address: Int) throws {
        guard let head = source.read(base + address, 8), head[4] == 1 else {
            throw corrupt("symbol node at \(address): unknown version")
        }
        let count = Int(head[6]) | Int(head[7]) << 8
        var cursor = base + address + 8
        for _ in 0..<count { try readSymbolEntry(at: &cursor) }
    }

    // MARK: - Object headers

    private mutating func checkObjectHeader(at address: Int) throws {
        try checkAddress(address, "object header address")
        let start = base + address
        guard let head = source.read(start, 16) else { throw corrupt("the file ends inside an object header") }
        if head[0..<4].elementsEqual(Array("OHDR".utf8)) {
            try checkVersion2Header(at: address)
            return
        }
        guard head[0] == 1, head[1] == 0 else {
            throw corrupt("object header at \(address): unknown version \(head[0])")
        }
        let size = Int(littleEndian(head[8..<12]))
        var chunks = [(start + 16, size)]
        var visitedChunks = 0
        while let (chunkStart, chunkSize) = chunks.popLast() {
            visitedChunks += 1
            guard visitedChunks <= 1000 else { throw corrupt("object header at \(address): too many continuations") }
            guard chunkStart >= base, chunkSize <= source.size, chunkStart <= source.size - chunkSize else {
                throw corrupt("object header at \(address): a chunk outside the file")
            }
            var cursor = chunkStart
            let end = chunkStart + chunkSize
            while cursor + 8 <= end {
                guard let message = source.read(cursor, 8) else { throw corrupt("the file ends inside an object header") }
                let type = Int(message[0]) | Int(message[1]) << 8
                let length = Int(message[2]) | Int(message[3]) << 8
                let body = cursor + 8
                guard length <= end - body else {
                    throw corrupt("object header at \(address): a message of \(length) bytes overruns its chunk")
                }
                let shared = message[4] & 0x02 != 0
                try checkMessage(type: type, shared: shared, at: body, length: length, header: address, chunks: &chunks)
                cursor = body + length
            }
        }
    }

    private mutating func checkVersion2Header(at address: Int) throws {
        let start = base + address
        guard let head = source.read(start, 6), head[4] == 2 else {
            throw corrupt("object header at \(address): unknown OHDR version")
        }
        let flags = head[5]
        var cursor = start + 6 + (flags & 0x20 != 0 ? 16 : 0) + (flags & 0x10 != 0 ? 4 : 0)
        let sizeWidth = 1 << Int(flags & 0x03)
        let size = try readFields(at: &cursor, count: 1, size: sizeWidth)
        guard let chunkSize = size[0], chunkSize <= source.size, cursor <= source.size - chunkSize - 4 else {
            throw corrupt("object header at \(address): its chunk overruns the file")
        }
        guard let bytes = source.read(start, cursor - start + chunkSize + 4) else {
            throw corrupt("the file ends inside an object header")
        }
        let stored = littleEndian(bytes[(bytes.count - 4)...])
        guard UInt64(HDF5Checksum.lookup3(bytes[0..<(bytes.count - 4)])) == stored else {
            throw corrupt("object header at \(address): checksum mismatch")
        }
    }

    /// Checks the messages whose damage libhdf5 follows blindly: continuations, symbol tables and attributes.
    private mutating func checkMessage(type: Int, shared: Bool, at body: Int, length: Int, header: Int,
                                       chunks: inout [(Int, Int)]) throws {
        guard !shared else { return }  // a reference to a message stored elsewhere
        switch type {
        case 0x10:  // continuation: offset, length
            var cursor = body
            let offset = try readFields(at: &cursor, count: 1, size: offsetSize)
            let size = try readFields(at: &cursor, count: 1, size: lengthSize)
            guard let chunkAddress = offset[0], let chunkSize = size[0] else {
                throw corrupt("object header at \(header): an undefined continuation")
            }
            try checkAddress(chunkAddress, "object header continuation")
            chunks.append((base + chunkAddress, chunkSize))
        case 0x11:  // symbol table: B-tree, heap
            guard length >= 2 * offsetSize else { throw corrupt("object header at \(header): short symbol table message") }
            var cursor = body
            let tables = try readFields(at: &cursor, count: 2, size: offsetSize)
            try checkSymbolTable(btree: tables[0], heap: tables[1])
        case 0x0C:
            try checkAttribute(at: body, length: length, header: header)
        default:
            break
        }
    }

    /// Attribute message versions 1–3: the name, datatype and dataspace sizes must fit in the message, and for a
    /// simple dataspace the value (elements × datatype size) too.
    private mutating func checkAttribute(at body: Int, length: Int, header: Int) throws {
        guard length >= 8, let head = source.read(body, 8) else {
            throw corrupt("object header at \(header): short attribute message")
        }
        let version = head[0]
        let nameSize = Int(head[2]) | Int(head[3]) << 8
        let typeSize = Int(head[4]) | Int(head[5]) << 8
        let spaceSize = Int(head[6]) | Int(head[7]) << 8
        func padded(_ n: Int) -> Int { version == 1 ? (n + 7) / 8 * 8 : n }
        let prefix: Int
        switch version {
        case 1, 2: prefix = 8
        case 3: prefix = 9
        default: throw corrupt("object header at \(header): unknown attribute message version \(version)")
        }
        let sharedParts = version >= 2 && head[1] & 0x03 != 0
        let typeStart = body + prefix + padded(nameSize)
        let spaceStart = typeStart + padded(typeSize)
        let valueStart = spaceStart + padded(spaceSize)
        guard nameSize > 0, typeSize >= 8, valueStart <= body + length else {
            throw corrupt("object header at \(header): an attribute's parts overrun its message")
        }
        guard !sharedParts else { return }  // a shared datatype or dataspace is described elsewhere
        guard let type = source.read(typeStart, 8), let space = source.read(spaceStart, min(spaceSize, 8)),
              space.count >= 2 else {
            throw corrupt("object header at \(header): an attribute's parts overrun its message")
        }
        let elementSize = Int(littleEndian(type[4..<8]))
        let spaceVersion = space[0]
        let rank = Int(space[1])
        guard rank <= 32 else { throw corrupt("object header at \(header): an attribute of rank \(rank)") }
        let dimensionsStart: Int
        switch spaceVersion {
        case 1: dimensionsStart = spaceStart + 8
        case 2:
            guard space.count >= 4 else { throw corrupt("object header at \(header): short dataspace") }
            if space[3] == 2 { return }  // null dataspace: no value
            dimensionsStart = spaceStart + 4
        default: throw corrupt("object header at \(header): unknown dataspace version \(spaceVersion)")
        }
        guard dimensionsStart + rank * lengthSize <= spaceStart + spaceSize else {
            throw corrupt("object header at \(header): an attribute's dataspace overruns its message")
        }
        var cursor = dimensionsStart
        var elements = 1
        for dimension in try readFields(at: &cursor, count: rank, size: lengthSize) {
            guard let dimension else { throw corrupt("object header at \(header): an undefined attribute dimension") }
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw corrupt("object header at \(header): an attribute of too many elements") }
            elements = product
        }
        let (valueSize, overflow) = elements.multipliedReportingOverflow(by: elementSize)
        guard !overflow, valueSize <= body + length - valueStart else {
            throw corrupt("object header at \(header): an attribute value of \(elements) × \(elementSize) bytes overruns its message")
        }
        // Variable-length values (class 9) live in global heap collections: each element is a length, the
        // collection's address and an index.
        let elementBytes = 8 + offsetSize
        if type[0] & 0x0F == 9, elementSize == elementBytes {
            for element in 0..<elements {
                var cursor = valueStart + element * elementBytes + 4
                guard let collection = try readFields(at: &cursor, count: 1, size: offsetSize)[0] else { continue }
                try checkGlobalHeap(at: collection)
            }
        }
    }

    /// A global heap collection (`GCOL`, version 1): its objects (index, reference count, size, data padded to 8
    /// bytes) must tile the collection; a zero-sized free-space object would never end libhdf5's walk over them.
    private mutating func checkGlobalHeap(at address: Int) throws {
        guard visitedCollections.insert(address).inserted else { return }
        try checkAddress(address, "global heap collection address")
        let start = base + address
        guard let head = source.read(start, 8), head[0..<4].elementsEqual(Array("GCOL".utf8)), head[4] == 1 else {
            throw corrupt("no global heap collection (GCOL, version 1) at \(address)")
        }
        var cursor = start + 8
        guard let size = try readFields(at: &cursor, count: 1, size: lengthSize)[0], size >= 8 + lengthSize,
              size <= source.size, start <= source.size - size else {
            throw corrupt("global heap collection at \(address) overruns the file")
        }
        let end = start + size
        let objectHeader = 8 + lengthSize
        var objects = 0
        while end - cursor >= objectHeader {
            objects += 1
            guard objects <= 1 << 16 else { throw corrupt("global heap collection at \(address): too many objects") }
            guard let indexBytes = source.read(cursor, 2) else { throw corrupt("the file ends inside a global heap") }
            var sizeCursor = cursor + 8
            guard let objectSize = try readFields(at: &sizeCursor, count: 1, size: lengthSize)[0] else {
                throw corrupt("global heap collection at \(address): an object of undefined size")
            }
            let index = Int(indexBytes[0]) | Int(indexBytes[1]) << 8
            // Index 0 is the free space; its size counts its own header.
            let (padded, overflow) = objectSize.addingReportingOverflow(7)
            let span = index == 0 ? objectSize : objectHeader + (overflow ? Int.max : padded / 8 * 8)
            guard span >= objectHeader, span <= end - cursor else {
                throw corrupt("global heap collection at \(address): object \(index) of \(objectSize) bytes does not fit")
            }
            cursor += span
        }
    }

    // MARK: - Fields

    /// `count` little-endian unsigned fields of `size` bytes at `cursor` (advanced); all-ones (undefined) is nil.
    private func readFields(at cursor: inout Int, count: Int, size: Int) throws -> [Int?] {
        guard let bytes = source.read(cursor, count * size) else { throw corrupt("the file ends inside a structure") }
        cursor += count * size
        return (0..<count).map { index in
            let field = bytes[(index * size)..<((index + 1) * size)]
            if field.allSatisfy({ $0 == 0xFF }) { return nil }
            let value = littleEndian(field)
            return value > UInt64(Int.max) ? Int.max : Int(value)
        }
    }

    /// An address (relative to the base) that must point inside the HDF5 data.
    private func checkAddress(_ address: Int, _ what: String) throws {
        guard address < endOfFile, address < source.size - base else {
            throw corrupt("\(what) \(address) is beyond the end of the file")
        }
    }

    /// An address that may be undefined (all ones).
    private func checkOptionalAddress(_ address: Int?, _ what: String) throws {
        if let address { try checkAddress(address, what) }
    }

    private func littleEndian<Bytes: Collection>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var value: UInt64 = 0
        for (index, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
        return value
    }
}
