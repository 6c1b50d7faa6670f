// libFuzzer target `differential`: determinism. The input, as an OVSM program, is
// evaluated twice in this process, each time by a fresh `Interpreter` (same host, same
// limits, same virtual clock): the output stream and the printed result (or the error's
// category, message and position) must be identical. A difference means state leaking
// between interpreters (global caches, frame/argument pools, symbol tables) or
// evaluation depending on something other than the program.
import OVSMKit
import Synchronization

final class Run: @unchecked Sendable {
    let lock = Mutex<[String]>([])
    let clock = Atomic<Int>(0)
}

func evaluateRecorded(_ source: String) -> String {
    let run = Run()
    let cancel = CancelFlag()
    var host = Host()
    host.output = { text in
        run.lock.withLock { chunks in
            // Keep at most ~1 MiB of output per run (a loop of prints is not a bug).
            if chunks.count < 100_000 { chunks.append(String(text.prefix(1 << 20))) }
        }
    }
    host.nowMillis = { 1_700_000_000_000 + run.clock.load(ordering: .relaxed) }
    host.sleepMillis = { ms in
        if run.clock.add(max(ms, 0), ordering: .relaxed).newValue > 60_000 { cancel.cancel() }
    }
    host.random = { 0.5 }
    var limits = Limits()
    limits.stepBudget = 20_000
    limits.maxTextBytes = 1 << 20      // see eval.swift
    limits.maxMemoryBytes = 1 << 30
    limits.maxCodeSize = 100_000
    let interp = Interpreter(host: host, limits: limits, cancelFlag: cancel)
    var summary: String
    switch interp.run(source: source) {
    case .success(let values):
        switch interp.render(values) {
        case .success(let text): summary = "=> " + text
        case .failure(let e): summary = "!! " + e.formatted(file: nil)
        }
    case .failure(let e): summary = "!! " + e.formatted(file: nil)
    }
    let out = run.lock.withLock { $0.joined() }
    return out + "\n" + summary
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    LargeStack.run { Watchdog.watch {
        let first = evaluateRecorded(source)
        let second = evaluateRecorded(source)
        if first != second {
            fatalError("differential: two fresh interpreters disagree\n--- first\n\(first.suffix(2000))\n--- second\n\(second.suffix(2000))")
        }
    } }
    return 0
}
