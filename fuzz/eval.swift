// libFuzzer target `eval`: any bytes, read + compiled + evaluated as an OVSM program with
// a step budget, then the result printed. Every outcome is fine (a value or an OVSM
// error); a crash, a sanitizer report, a hang (> -timeout) or an OOM is a bug.
//
// Everything — the interpreter, the result values and their destruction — happens inside
// `LargeStack.value`, as in every embedder (spec §12: evaluation runs on a large stack).
// The host has no network, no capabilities and a virtual clock: `sleep` advances the
// clock without sleeping, and a program that sleeps more than a virtual minute is
// cancelled (without this, `(sleep 9e15)` would tick 50 ms at a time for ages).
import OVSMKit
import Synchronization

/// Virtual milliseconds slept so far by the current run.
final class VirtualClock: Sendable {
    let now = Atomic<Int>(0)
}

func fuzzHost(clock: VirtualClock, cancel: CancelFlag) -> Host {
    var host = Host()               // output discarded, no rpc, no capabilities
    host.nowMillis = { 1_700_000_000_000 + clock.now.load(ordering: .relaxed) }
    host.sleepMillis = { ms in
        let t = clock.now.add(max(ms, 0), ordering: .relaxed).newValue
        if t > 60_000 { cancel.cancel() }
    }
    host.random = { 0.5 }
    return host
}

/// Steps (function calls + loop iterations) one input may take.
let stepBudget = 20_000

func evaluate(_ source: String) -> Int {
    var limits = Limits()
    limits.stepBudget = stepBudget
    // Limits an embedder running untrusted code sets (as the assistant's sandbox does): a
    // DAG printed to the default 256 MiB would take seconds, not a bug but a timeout here.
    limits.maxTextBytes = 1 << 20
    limits.maxMemoryBytes = 1 << 30
    limits.maxCodeSize = 100_000
    let cancel = CancelFlag()
    let interp = Interpreter(host: fuzzHost(clock: VirtualClock(), cancel: cancel), limits: limits, cancelFlag: cancel)
    var printed = 0
    switch interp.run(source: source) {
    case .success(let values):
        switch interp.render(values) {
        case .success(let text): printed += text.utf8.count
        case .failure(let e): printed += e.formatted(file: "fuzz").utf8.count
        }
    case .failure(let e):
        printed += e.formatted(file: "fuzz").utf8.count
    }
    return printed
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let n = LargeStack.value { Watchdog.watch { evaluate(source) } }
    return n < 0 ? -1 : 0
}
