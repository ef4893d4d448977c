import Dispatch
import Foundation

/// Work splitting across cores.
///
/// Determinism rule: work is split into chunks whose boundaries depend only on the problem size,
/// never on the number of threads, and partial results are combined in chunk order. So every
/// output is bit-identical whatever `INV_THREADS` is.
public enum Parallel {
    /// Number of worker threads: `INV_THREADS` if set, otherwise the number of active cores.
    public static let workers: Int = {
        if let text = ProcessInfo.processInfo.environment["INV_THREADS"], let n = Int(text), n > 0 { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }()

    /// Runs `body(i)` for `i` in `0..<count`, concurrently when there is more than one worker.
    public static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        guard count > 1, workers > 1 else {
            for i in 0..<count { body(i) }
            return
        }
        if workers >= count {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        } else {
            // Cap concurrency at `workers`: each lane walks a strided set of iterations.
            let lanes = workers
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                var i = lane
                while i < count { body(i); i += lanes }
            }
        }
    }

    /// Fixed-size ranges covering `0..<count` (the last may be shorter); boundaries depend on
    /// `count` and `chunk` only.
    public static func ranges(_ count: Int, chunk: Int) -> [Range<Int>] {
        let size = Swift.max(chunk, 1)
        return stride(from: 0, to: count, by: size).map { $0..<Swift.min($0 + size, count) }
    }
}

/// A raw pointer that may cross into `Parallel.forEach` bodies. Each concurrent iteration must
/// write a disjoint region.
public struct SharedPointer<T>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<T>
    public init(_ base: UnsafeMutablePointer<T>) { self.base = base }
    @inlinable public subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
    @inlinable public static func + (p: SharedPointer, offset: Int) -> UnsafeMutablePointer<T> { p.base + offset }
}

/// Read-only counterpart of ``SharedPointer``.
public struct SharedConstPointer<T>: @unchecked Sendable {
    public let base: UnsafePointer<T>
    public init(_ base: UnsafePointer<T>) { self.base = base }
    @inlinable public subscript(i: Int) -> T { base[i] }
    @inlinable public static func + (p: SharedConstPointer, offset: Int) -> UnsafePointer<T> { p.base + offset }
}
