import Foundation

extension Parallel {
    /// Runs `body(task, scratch)` for every task in `0..<count` on at most `workers` lanes.
    ///
    /// Each lane allocates one scratch buffer of `scratchCount` floats and reuses it for every task
    /// it takes. Tasks are handed out in order from a shared counter, so a lane slowed down by other
    /// load on the machine simply takes fewer. The caller must make each task's result independent
    /// of the scratch contents on entry and of which lane runs it — then outputs do not depend on
    /// the thread count.
    static func forEachTask(_ count: Int, scratchCount: Int,
                            _ body: @Sendable (Int, UnsafeMutablePointer<Float>) -> Void) {
        guard count > 0 else { return }
        let lanes = Swift.min(TaskLanes.limit ?? workers, count)
        let counter = TaskCounter()
        forEach(lanes) { _ in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(scratchCount, 1))
            defer { scratch.deallocate() }
            while let task = counter.next(below: count) { body(task, scratch) }
        }
    }
}

/// Overrides the lane count of ``Parallel/forEachTask(_:scratchCount:_:)`` within a task scope —
/// the tests run the same convolution on 1, 2 and 5 lanes and compare the bits.
enum TaskLanes {
    @TaskLocal static var limit: Int?
}

/// A lock-protected counter that hands out task indices in increasing order.
private final class TaskCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < count else { return nil }
        value += 1
        return value - 1
    }
}
