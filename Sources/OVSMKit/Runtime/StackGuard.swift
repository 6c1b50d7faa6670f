#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps recursive walks over values (printer, equality, JSON, conversions) from running
/// off the end of the native stack, on any thread (spec §16: a value nested deeper than
/// the depth limit must print, compare and convert without crashing the host).
///
/// A walk calls `StackGuard.descend` every `checkInterval` levels. When less than
/// `reserve` bytes of stack are left below the caller, the rest of the walk continues on a
/// fresh thread with a large stack (like Rust's `stacker`), and the caller waits for it.
/// So a 20,000-deep array prints from the 8 MiB main thread too, and depth is bounded
/// only by memory.
public enum StackGuard {
    /// How often (in levels of nesting) a walk looks at the stack.
    public static let checkInterval = 64
    /// Bytes of stack kept free below a check: `checkInterval` levels of the deepest walk
    /// (the evaluator's compile of nested forms uses the most, ~2 KiB a level) plus slack.
    public static let reserve = 512 << 10
    /// The stack of a continuation thread: reserved address space, committed only as used.
    static let continuationStack = 256 << 20

    /// Runs `body` here when the stack has room, else on a new large-stack thread.
    @inline(__always)
    public static func descend<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        if hasRoom() { return try body() }
        return try continueOnNewStack(body)
    }

    /// True when at least `bytes` (default `reserve`) of the current thread's stack are left.
    public static func hasRoom(_ bytes: Int = reserve) -> Bool {
        var marker: UInt8 = 0
        let sp = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        let low = stackLowBound()
        guard low != 0 else { return true }   // unknown stack: trust the caller's limits
        return sp > low && sp - low > UInt(bytes)
    }

    /// Drops `value` on a large-stack thread unless this thread has a large stack itself:
    /// releasing a value nested millions deep recurses in the Swift runtime, and that
    /// recursion cannot be guarded (spec §16).
    public static func release<T>(_ value: consuming T) {
        if hasRoom(releaseStack / 2) { return }
        // `consume`: no copy of `value` may outlive the box on this thread.
        let box = ReleaseBox(consume value)
        LargeStack.run { box.value = nil }
    }

    static let releaseStack = LargeStack.defaultSize

    @inline(never)
    static func continueOnNewStack<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        var result: Result<T, E>? = nil
        let context = WalkContext.current()   // the walk's limits go along
        withoutActuallyEscaping(body) { body in
            LargeStack.run(stackSize: continuationStack) {
                let run = { () -> Void in
                    do throws(E) { result = .success(try body()) } catch { result = .failure(error) }
                }
                if let context { context.installed(run) } else { run() }
            }
        }
        return try result!.get()
    }

    /// The lowest usable address of this thread's stack (0 if unknown), cached per thread.
    static func stackLowBound() -> UInt {
        if let p = pthread_getspecific(boundKey) { return UInt(bitPattern: p) }
        let low = queryStackLowBound()
        pthread_setspecific(boundKey, UnsafeRawPointer(bitPattern: low))
        return low
    }

    private static func queryStackLowBound() -> UInt {
        #if canImport(Glibc)
        // glibc's pthread_getattr_np is a GNU extension the Swift Glibc module does not
        // export; it is looked up once by name.
        guard let getattr = getattrNP else { return 0 }
        var attr = pthread_attr_t()
        guard getattr(pthread_self(), &attr) == 0 else { return 0 }
        defer { pthread_attr_destroy(&attr) }
        var addr: UnsafeMutableRawPointer? = nil
        var size = 0
        guard pthread_attr_getstack(&attr, &addr, &size) == 0, let addr else { return 0 }
        var guardSize = 0
        pthread_attr_getguardsize(&attr, &guardSize)
        return UInt(bitPattern: addr) + UInt(guardSize)
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        return top - UInt(pthread_get_stacksize_np(pthread_self()))
        #else
        return 0
        #endif
    }

    #if canImport(Glibc)
    private typealias GetAttrNP = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
    private static let getattrNP: GetAttrNP? = {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return nil }
        return unsafeBitCast(sym, to: GetAttrNP.self)
    }()
    #endif

    /// Per-thread cache of the stack's low bound (a pthread key: Swift has no thread-locals).
    private static let boundKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}

/// Holds a value until a large-stack thread lets go of it (see `StackGuard.release`).
final class ReleaseBox<T>: @unchecked Sendable {
    var value: T?
    init(_ value: T) { self.value = value }
}
