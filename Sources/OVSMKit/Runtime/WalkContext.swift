#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the printer and the JSON writer must respect while an evaluation runs on this
/// thread: the cancel flag and the longest text they may build (`Limits.maxTextBytes`).
/// They are called from many builtins (`str`, `print`, `format`, `json-stringify`, …) that
/// do not pass the interpreter down, so `Interpreter.run` publishes this per thread. A
/// value shared many times over (`[x x]` doubled 100 times) prints to more text than
/// memory holds; with this, such a walk stops at the limit or on Ctrl-C.
final class WalkContext {
    let maxText: Int
    let cancel: CancelFlag

    init(maxText: Int, cancel: CancelFlag) {
        self.maxText = maxText
        self.cancel = cancel
    }

    /// The context of the evaluation running on this thread, if any.
    @inline(__always) static func current() -> WalkContext? {
        guard let p = pthread_getspecific(key) else { return nil }
        return Unmanaged<WalkContext>.fromOpaque(p).takeUnretainedValue()
    }

    /// True when a walk that has produced `length` bytes must stop.
    @inline(__always) static func mustStop(at length: Int) -> Bool {
        guard let c = current() else { return length > Printer.maxLength }
        return length > c.maxText || c.cancel.isCancelled
    }

    /// Runs `body` with `self` as this thread's context (nesting restores the outer one).
    func installed<T>(_ body: () throws -> T) rethrows -> T {
        let previous = pthread_getspecific(WalkContext.key)
        pthread_setspecific(WalkContext.key, Unmanaged.passUnretained(self).toOpaque())
        defer { pthread_setspecific(WalkContext.key, previous) }
        return try body()
    }

    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        return k
    }()
}
