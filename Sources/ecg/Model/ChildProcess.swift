import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process whose standard output is a pipe to this process (standard input and error: `/dev/null`),
/// started with `posix_spawn` (signal mask cleared, every signal at its default action) and collected with
/// `waitpid`. Every wait is bounded by a deadline; a child not collected by the time this value is released is
/// killed and collected then.
final class ChildProcess {
    /// How a child ended.
    enum Status {
        case exited(Int32)
        case signalled(Int32)
    }

    /// What reading the child's output gave.
    enum Output {
        /// Everything it wrote, up to its end.
        case complete(Data)
        /// The deadline passed before the output ended.
        case timedOut
        /// It wrote more than the limit.
        case tooLong
    }

    private let pid: pid_t
    private let output: Int32
    private var reaped = false

    init(executable: String, arguments: [String]) throws {
        var ends: [Int32] = [-1, -1]
        // Both ends close on exec: the child gets its own copy of the write end (dup2 onto its standard output).
        guard pipe(&ends) == 0, fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0 else {
            throw ModelCommandError.usage("cannot create a pipe for the model check: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        var allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, &argv, environ)
        close(ends[1])
        guard spawned == 0 else {
            close(ends[0])
            throw ModelCommandError.usage(
                "cannot start a child process to check the model file: \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
        self.output = ends[0]
    }

    /// Everything the child writes until its output ends (it closed it or ended), at most `limit` bytes, waiting
    /// until `deadline`.
    func readOutput(limit: Int, until deadline: Date) -> Output {
        var collected = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return .timedOut }
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining * 1000, 1000).rounded(.up)))
            if ready < 0 && errno != EINTR { return .timedOut }
            guard ready > 0 else { continue }
            let count = read(output, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .timedOut
            }
            if count == 0 { return .complete(collected) }
            collected.append(contentsOf: buffer[0..<count])
            if collected.count > limit { return .tooLong }
        }
    }

    /// How the child ended, waiting for it until `deadline`; nil when it is still running then.
    func exitStatus(until deadline: Date) -> Status? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                reaped = true
                // The <sys/wait.h> macros, which Swift does not import: the low 7 bits are the terminating signal
                // (0 for a normal exit), the next byte the exit code.
                let signal = status & 0x7f
                return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
            }
            if result < 0 && errno != EINTR { return nil }
            guard deadline.timeIntervalSinceNow > 0 else { return nil }
            usleep(5_000)
        }
    }

    /// Kills the child (if it was not collected yet) and collects it.
    private func kill() {
        guard !reaped else { return }
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
    }

    deinit {
        kill()
        close(output)
    }
}
