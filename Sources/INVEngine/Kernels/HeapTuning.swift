#if canImport(Glibc)
import Glibc
#endif

/// Process-wide allocator settings for tensor-heavy workloads.
public enum HeapTuning {
    /// Keeps freed large blocks in the heap for reuse instead of returning them to the kernel.
    ///
    /// glibc serves blocks above `M_MMAP_THRESHOLD` (at most 32 MiB by default) with a fresh
    /// `mmap`, so every large tensor — a batch of 16 activations of a 112×112×96 layer is 77 MiB —
    /// is zero-filled page by page on first touch. On the reference VM, allocating, touching and
    /// freeing 77 MiB took 42 ms that way and 0.2 ms with the block reused from the heap. This raises
    /// `M_MMAP_THRESHOLD` and `M_TRIM_THRESHOLD` to 1 GiB. The cost: after a peak the process keeps
    /// its memory (resident size does not shrink) until it exits.
    ///
    /// It changes the whole process, so call it once at start-up from an executable, not from a
    /// library. Returns false where the C library has no such settings (it then does nothing).
    @discardableResult
    public static func keepLargeBlocksForReuse() -> Bool {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module does not import: look it up.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let (trimThreshold, mmapThreshold): (Int32, Int32) = (-1, -3)   // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        let limit: Int32 = 1 << 30
        return mallopt(mmapThreshold, limit) == 1 && mallopt(trimThreshold, limit) == 1
        #else
        return false
        #endif
    }
}
