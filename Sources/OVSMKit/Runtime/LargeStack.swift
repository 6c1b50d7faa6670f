#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a dedicated thread with a large stack and waits for it. Spec §12 needs
/// 10,000 nested OVSM calls without crashing the host; the evaluator recurses on the
/// native stack, so embedders run evaluation through this (1 GiB of address space is
/// reserved, only the pages touched are committed).
public enum LargeStack {
    public static let defaultSize = 1 << 30

    final class Job: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a large-stack thread and blocks until it returns.
    public static func run(stackSize: Int = defaultSize, _ body: @escaping () -> Void) {
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        pthread_attr_setstacksize(&attr, stackSize)
        let ctx = Unmanaged.passRetained(Job(body)).toOpaque()
        var tid = pthread_t()
        if pthread_create(&tid, &attr, largeStackEntry, ctx) != 0 {
            // No big stack available: run here (the depth limit still applies).
            Unmanaged<Job>.fromOpaque(ctx).release()
            body()
            return
        }
        pthread_join(tid, nil)
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
