import Foundation
import OVSMKit

/// The one OVSM session the REPL and the editor share. Evaluations run one at a time on
/// a large-stack thread (never on the UI or the cooperative pool); `cancel` sets the
/// interpreter's `CancelFlag`.
///
/// The store calls `submit()` when it asks for an evaluation and `cancel()` on Ctrl-C,
/// both at once; `evaluate` runs later, in a detached task. So the flag is cleared when a
/// new evaluation is submitted while none is outstanding and when the last outstanding one
/// finishes, never when one starts: a Ctrl-C between Enter and the start of the evaluation
/// cancels it, and a Ctrl-C that arrives after it finished does not cancel the next one.
final class EvalWorker: @unchecked Sendable {
    private let host: OVSMKit.Host
    /// Created on the worker thread at first use, so start-up does not wait for it.
    private var session: Interpreter?
    private let cancelFlag: CancelFlag
    private let lock = NSLock()
    /// Guards the counts below (never held while evaluating).
    private let cycle = NSLock()
    private var submitted = 0
    private var started = 0
    private var finished = 0
    private let after: @Sendable () -> Void

    /// `cancelFlag`: shared with host functions that wait (RPC), so cancel reaches them too.
    init(host: OVSMKit.Host, cancelFlag: CancelFlag = CancelFlag(), after: @escaping @Sendable () -> Void = {}) {
        self.host = host
        self.cancelFlag = cancelFlag
        self.after = after
    }

    /// The session (call with `lock` held).
    private var interp: Interpreter {
        if let s = session { return s }
        let s = Interpreter(host: host, cancelFlag: cancelFlag)
        session = s
        return s
    }

    /// An evaluation was requested: from now on `cancel` applies to it.
    func submit() {
        cycle.withLock {
            if submitted == finished { cancelFlag.reset() }
            submitted += 1
        }
    }

    func evaluate(_ source: String) async -> EvalResult {
        cycle.withLock {
            started += 1
            if started > submitted {              // not submitted first: submit now
                if submitted == finished { cancelFlag.reset() }
                submitted = started
            }
        }
        return await withCheckedContinuation { (cont: CheckedContinuation<EvalResult, Never>) in
            let thread = Thread { [self] in
                lock.lock()
                let result = LargeStack.value { [self] () -> EvalResult in
                    let interp = self.interp
                    let outcome = interp.run(source: source)
                    let names = interp.globalNames
                    switch outcome {
                    case .failure(let e):
                        return EvalResult(printed: "", error: e.formatted(file: nil), globalNames: names)
                    case .success(let values):
                        switch interp.render(values) {   // bounded by the text limit and Ctrl-C
                        case .success(let text): return EvalResult(printed: text, error: nil, globalNames: names)
                        case .failure(let e): return EvalResult(printed: "", error: e.formatted(file: nil), globalNames: names)
                        }
                    }
                }
                lock.unlock()
                cycle.withLock {
                    finished += 1
                    if finished == submitted { cancelFlag.reset() }
                }
                after()
                cont.resume(returning: result)
            }
            thread.start()
        }
    }

    /// Cancels the submitted or running evaluations (nothing when none is outstanding).
    func cancel() { cycle.withLock { if submitted > finished { cancelFlag.cancel() } } }

    /// The session's bound names (read on a worker thread, between evaluations).
    func globalNames() async -> [String] {
        await withCheckedContinuation { (cont: CheckedContinuation<[String], Never>) in
            Thread { [self] in
                lock.lock()
                let names = interp.globalNames
                lock.unlock()
                cont.resume(returning: names)
            }.start()
        }
    }
}
