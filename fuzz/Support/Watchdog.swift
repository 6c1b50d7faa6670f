// Shared by the targets (compiled into each): a watchdog for inputs that run on a worker
// thread (`eval` and `differential` evaluate inside `LargeStack`).
//
// * libFuzzer's -timeout is a periodic SIGALRM whose handler does nothing unless it runs
//   on the fuzzing (main) thread; with other threads around (libFuzzer's own RSS thread,
//   the evaluation thread) the signal can land elsewhere and a hang goes unreported.
//   The watchdog sends SIGALRM to the main thread itself while an input runs for a second
//   or more, and the other threads block it, so libFuzzer's check always gets to run.
// * When libFuzzer reports the timeout, the stack it prints is the main thread's, waiting
//   in pthread_join. So shortly before, the watchdog makes the evaluating thread print its
//   own stack (SIGURG → the sanitizer's stack printer): that is the stack to read.
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

@_silgen_name("__sanitizer_print_stack_trace")
func sanitizerPrintStackTrace()

/// Called once by libFuzzer, on the main thread, before any input.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutableRawPointer?, _ argv: UnsafeMutableRawPointer?) -> CInt {
    Watchdog.start()
    return 0
}

enum Watchdog {
    /// Shortly before libFuzzer's -timeout=1: print the evaluating thread's stack.
    static let reportAfterMillis = 800
    /// From then on, poke libFuzzer's timeout check this often.
    static let alarmAfterMillis = 1000
    static let alarmEveryMillis = 250

    nonisolated(unsafe) static var mainThread = pthread_t()
    nonisolated(unsafe) static var worker = pthread_t()
    /// Generation of the input being run (0 = none), and when it started.
    static let running = Atomic<Int>(0)
    static let startedAt = Atomic<Int>(0)
    static let generation = Atomic<Int>(0)

    static func nowMillis() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
    }

    static func blockAlarm() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGALRM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    static func start() {
        mainThread = pthread_self()
        signal(SIGURG) { _ in
            let msg = "==fuzz watchdog== input running for over \(Watchdog.reportAfterMillis) ms; evaluating thread:\n"
            _ = msg.withCString { write(2, $0, strlen($0)) }
            sanitizerPrintStackTrace()
            _ = "\n".withCString { write(2, $0, 1) }
        }
        var tid = pthread_t()
        pthread_create(&tid, nil, { _ in
            Watchdog.blockAlarm()
            var reported = 0
            var lastAlarm = 0
            while true {
                usleep(50_000)
                let g = Watchdog.running.load(ordering: .acquiring)
                guard g != 0 else { continue }
                let now = Watchdog.nowMillis()
                let elapsed = now - Watchdog.startedAt.load(ordering: .relaxed)
                if elapsed > Watchdog.reportAfterMillis && reported != g {
                    reported = g
                    if Watchdog.onWorker.load(ordering: .relaxed) { pthread_kill(Watchdog.worker, SIGURG) }
                }
                if elapsed >= Watchdog.alarmAfterMillis && now - lastAlarm >= Watchdog.alarmEveryMillis {
                    lastAlarm = now
                    pthread_kill(Watchdog.mainThread, SIGALRM)
                }
            }
        }, nil)
        pthread_detach(tid)
    }

    /// Whether `running` is on a worker thread (else on the main thread: no stack print,
    /// libFuzzer's timeout report shows the right stack already).
    static let onWorker = Atomic<Bool>(false)

    /// Runs `body` under watch, on the main thread or (`onWorker`) on a worker thread.
    static func watch<T>(onWorker isWorker: Bool = true, _ body: () -> T) -> T {
        if isWorker { blockAlarm() }
        let g = generation.add(1, ordering: .relaxed).newValue
        worker = pthread_self()
        onWorker.store(isWorker, ordering: .relaxed)
        startedAt.store(nowMillis(), ordering: .relaxed)
        running.store(g, ordering: .releasing)
        defer { running.store(0, ordering: .releasing) }
        return body()
    }
}
