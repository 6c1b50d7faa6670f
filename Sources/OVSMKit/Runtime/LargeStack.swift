#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a dedicated thread with a large stack and waits for it. Spec §12 needs
/// 10,000 nested OVSM calls without crashing the host; the evaluator recurses on the
/// native stack, so embedders run evaluation through this (8 GiB of address space is
/// reserved, only the pages touched are committed). That much because releasing a nested
/// value recurses in the Swift runtime, ~200 bytes of stack a level, about what the level
/// takes on the heap: the default memory limit (4 GiB, `Limits.maxMemoryBytes`) lets an
/// array nest ~20 million levels deep, and releasing that needs ~4 GiB of stack.
public enum LargeStack {
    public static let defaultSize = 8 << 30

    final class Job: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a large-stack thread and blocks until it returns.
    public static func run(stackSize: Int = defaultSize, _ body: @escaping () -> Void) {
        let ctx = Unmanaged.passRetained(Job(body)).toOpaque()
        var size = stackSize
        while true {
            var attr = pthread_attr_t()
            pthread_attr_init(&attr)
            pthread_attr_setstacksize(&attr, size)
            var tid = pthread_t()
            let rc = pthread_create(&tid, &attr, largeStackEntry, ctx)
            pthread_attr_destroy(&attr)
            if rc == 0 {
                pthread_join(tid, nil)
                return
            }
            // Address space refused (a small machine, a ulimit -v): ask for less.
            if size > 64 << 20 { size /= 4; continue }
            // No thread at all: run here (the depth limit still applies).
            Unmanaged<Job>.fromOpaque(ctx).release()
            body()
            return
        }
    }

    /// Runs `body` on a large-stack thread and returns its result.
    public static func value<T>(stackSize: Int = defaultSize, _ body: @escaping () -> T) -> T {
        var result: T? = nil
        run(stackSize: stackSize) { result = body() }
        return result!
    }
}

private func largeStackEntry(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let job = Unmanaged<LargeStack.Job>.fromOpaque(raw!).takeRetainedValue()
    job.body()
    return nil
}
