import Foundation
import OSVMHost
import OVSMKit

/// The one OVSM session the REPL pane and the editor share: the workbench's adapter over
/// the shared runtime (`ScriptSession`, which owns evaluation on a large stack, the Ctrl-C
/// cycle and the cancel flag RPC calls wait on). It turns outcomes into the store's
/// `EvalResult` and runs evaluations off the cooperative pool.
///
/// The store calls `submit()` when it asks for an evaluation and `cancel()` on Ctrl-C,
/// both at once; `evaluate` runs later, in a detached task. A Ctrl-C between the two
/// cancels the evaluation; one after it finished does not cancel the next.
final class EvalWorker: Sendable {
    let session: ScriptSession
    private let after: @Sendable () -> Void

    init(options: ScriptSession.Options = .init(), output: @escaping @Sendable (String) -> Void = { _ in },
         after: @escaping @Sendable () -> Void = {}) {
        var options = options
        options.reportGlobalNames = true      // the REPL pane completes from them
        session = ScriptSession(options: options, output: output)
        self.after = after
    }

    /// An evaluation was requested: from now on `cancel` applies to it.
    func submit() { session.submit() }

    func evaluate(_ source: String) async -> EvalResult {
        let outcome = await session.evaluateDetached(source: source)
        after()
        if let e = outcome.error { return EvalResult(printed: "", error: e.formatted(file: nil), globalNames: outcome.globalNames) }
        if !outcome.started {
            return EvalResult(printed: "", error: OVSMError.limit("cancelled").formatted(file: nil), globalNames: outcome.globalNames)
        }
        return EvalResult(printed: outcome.value ?? "", error: nil, globalNames: outcome.globalNames)
    }

    /// Cancels the submitted or running evaluations (nothing when none is outstanding).
    func cancel() { session.cancel() }

    /// The session's bound names (read on a worker thread, between evaluations).
    func globalNames() async -> [String] {
        await withCheckedContinuation { (cont: CheckedContinuation<[String], Never>) in
            Thread { [session] in cont.resume(returning: session.globalNames) }.start()
        }
    }
}
