import Foundation
import OVSMKit

/// The one OVSM session the REPL and the editor share. Evaluations run one at a time on
/// a large-stack thread (never on the UI or the cooperative pool); `cancel` sets the
/// interpreter's `CancelFlag`.
final class EvalWorker: @unchecked Sendable {
    private let host: OVSMKit.Host
    /// Created on the worker thread at first use, so start-up does not wait for it.
    private var session: Interpreter?
    private let cancelFlag: CancelFlag
    private let lock = NSLock()
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

    func evaluate(_ source: String) async -> EvalResult {
        await withCheckedContinuation { (cont: CheckedContinuation<EvalResult, Never>) in
            let thread = Thread { [self] in
                lock.lock()
                cancelFlag.reset()
                let result = LargeStack.value { [self] () -> EvalResult in
                    let interp = self.interp
                    let outcome = interp.run(source: source)
                    let names = interp.globalNames
                    if let e = outcome.error { return EvalResult(printed: "", error: e.formatted(file: nil), globalNames: names) }
                    return EvalResult(printed: outcome.printed, error: nil, globalNames: names)
                }
                lock.unlock()
                after()
                cont.resume(returning: result)
            }
            thread.start()
        }
    }

    func cancel() { cancelFlag.cancel() }

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
