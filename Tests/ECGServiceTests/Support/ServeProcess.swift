#if Service
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `ecg serve` as a child process (the `ecg` built next to the test bundle), for tests of process-level behaviour
/// such as signals. Its standard error is collected; ``port`` is read from its "serving on" line.
/// Starting it and waiting for its exit block the calling thread: from async tests, use ``launch(arguments:timeout:)``
/// and ``exitStatus(within:)``, which wait on their own thread (``offThePool(_:)``).
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let errors: Pipe
    private let collected = CollectedText()

    /// The `ecg` executable next to the running test bundle, nil when it was not built.
    static var executable: String? {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("ecg").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// Starts `ecg serve --port 0 ARGUMENTS` and waits (at most `timeout` seconds) for it to listen.
    init(arguments: [String], timeout: TimeInterval = 60) throws {
        guard let executable = Self.executable else { throw ServeProcessError.notBuilt }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0"] + arguments
        errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let collected = self.collected
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { collected.append(String(decoding: data, as: UTF8.self)) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var found: Int?
        while found == nil, Date() < deadline, process.isRunning {
            found = collected.text.firstMatch(of: /serving on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) }
            if found == nil { usleep(50_000) }
        }
        guard let found else {
            process.terminate()
            throw ServeProcessError.didNotStart(collected.text)
        }
        port = found
    }

    /// Everything the process wrote to standard error so far.
    var standardError: String { collected.text }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits up to `timeout` seconds for the process to exit; its exit status, nil if it is still running.
    func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Starts the process as ``init(arguments:timeout:)`` does, without holding a cooperative thread while it loads.
    static func launch(arguments: [String], timeout: TimeInterval = 60) async throws -> ServeProcess {
        try await offThePool { Result { try ServeProcess(arguments: arguments, timeout: timeout) } }.get()
    }

    /// ``waitForExit(timeout:)`` without holding a cooperative thread.
    func exitStatus(within timeout: TimeInterval) async -> Int32? {
        await offThePool { self.waitForExit(timeout: timeout) }
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        errors.fileHandleForReading.readabilityHandler = nil
    }
}

enum ServeProcessError: Error {
    case notBuilt
    case didNotStart(String)
}

/// Text appended from another thread.
final class CollectedText: @unchecked Sendable {
    private let lock = NSLock()
    private var storage = ""

    func append(_ text: String) {
        lock.lock()
        storage += text
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// One plain TCP connection to 127.0.0.1, driven step by step (by one task at a time).
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    /// Connects; throws `ECONNREFUSED` (or the actual error) when nothing accepts. The socket is connected before it
    /// becomes the stored property: a throw after that would run `deinit` and close the number a second time, by
    /// then possibly another socket of this process.
    init(port: Int, timeout: Int = 10) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var seconds = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = POSIXErrorCode(rawValue: errno) ?? .EIO
            close(descriptor)
            throw POSIXError(code)
        }
        self.descriptor = descriptor
    }

    func send(_ data: Data) {
        _ = data.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Everything received until the peer closes (or the receive timeout passes).
    func receiveAll() -> String {
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// ``receiveAll()`` without holding a cooperative thread.
    func receiveAllOffThePool() async -> String {
        await offThePool { self.receiveAll() }
    }

    deinit {
        close(descriptor)
    }
}
#endif
