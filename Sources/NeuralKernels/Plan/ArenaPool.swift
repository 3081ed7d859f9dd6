import Foundation

/// One reusable float buffer for a plan's intermediates.
final class Arena: @unchecked Sendable {
    let floats: Int
    let pointer: UnsafeMutablePointer<Float>

    init(floats: Int) {
        self.floats = floats
        pointer = .allocate(capacity: max(1, floats))
        pointer.initialize(repeating: 0, count: max(1, floats))
    }

    deinit { pointer.deallocate() }
}

/// Arenas kept between calls, so that a steady-state forward allocates nothing: each caller borrows one (or
/// makes one the first time, or when its batch outgrows the ones on hand) and gives it back.
final class ArenaPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [Arena] = []

    /// Runs `body` with an arena of at least `floats` floats.
    func withArena<Result>(floats: Int, _ body: (UnsafeMutablePointer<Float>) throws -> Result) rethrows -> Result {
        let arena = borrow(floats: floats)
        defer { giveBack(arena) }
        return try body(arena.pointer)
    }

    private func borrow(floats: Int) -> Arena {
        lock.lock()
        defer { lock.unlock() }
        if let index = idle.lastIndex(where: { $0.floats >= floats }) {
            return idle.remove(at: index)
        }
        return Arena(floats: floats)
    }

    private func giveBack(_ arena: Arena) {
        lock.lock()
        defer { lock.unlock() }
        // Keep a handful: one per concurrent caller is the steady state.
        if idle.count < 8 {
            idle.append(arena)
        } else if let smallest = idle.indices.min(by: { idle[$0].floats < idle[$1].floats }),
            idle[smallest].floats < arena.floats
        {
            idle[smallest] = arena
        }
    }
}
