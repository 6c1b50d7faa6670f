import Foundation
import Synchronization

/// Runs async work with a time limit. Unlike a task group, it returns at the deadline even
/// if the work ignores cancellation (the work is cancelled and left to finish on its own).
///
///     let r = await Deadline.run(seconds: 2) { try await slowThing() }
public enum Deadline {
    public struct Expired: Error, Sendable, CustomStringConvertible {
        public let seconds: Double
        public var description: String { "timed out after \(Deadline.format(seconds)) s" }
    }

    public static func run<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () async throws -> T) async -> Result<T, Error> {
        let once = Once()
        return await withCheckedContinuation { (c: CheckedContinuation<Result<T, Error>, Never>) in
            // The work runs on its own thread: a tool that blocks (or ignores cancellation)
            // must not hold one of the few cooperative-pool threads.
            let worker = Task(executorPreference: DedicatedThreadExecutor.shared) {
                let r: Result<T, Error>
                do { r = .success(try await work()) } catch { r = .failure(error) }
                if once.claim() { c.resume(returning: r) }
            }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(max(seconds, 0) * 1e9))
                if once.claim() {
                    worker.cancel()
                    c.resume(returning: .failure(Expired(seconds: seconds)))
                }
            }
        }
    }

    static func format(_ s: Double) -> String {
        s.rounded() == s ? String(Int(s)) : String(format: "%.1f", s)
    }
}

/// A flag that lets exactly one caller through.
final class Once: Sendable {
    private let taken = Atomic<Bool>(false)
    init() {}
    func claim() -> Bool {
        !taken.exchange(true, ordering: .acquiringAndReleasing)
    }
}

/// Runs every job it is given on a fresh thread. Used for tool calls, whose bodies may
/// block; the cooperative pool has only as many threads as cores.
final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = DedicatedThreadExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        let thread = Thread { unowned.runSynchronously(on: executor) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
