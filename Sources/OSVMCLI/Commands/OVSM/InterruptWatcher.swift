import Dispatch
import Foundation
import OSVMHost
import Synchronization

/// Turns SIGINT into the session's Ctrl-C cycle (`ScriptSession.interrupt`): the first
/// Ctrl-C of an evaluation cancels it (the evaluator and a waiting RPC call stop with
/// `limit: cancelled`); another one two seconds later, still running, quits with 130.
/// Used by `ovsm run/eval` and the REPL alike.
final class InterruptWatcher: @unchecked Sendable {
    private let source: DispatchSourceSignal

    /// - Parameters:
    ///   - atPrompt: Ctrl-C with nothing submitted (runs under the session's cycle lock).
    ///   - forceQuit: before the process exits on a repeated Ctrl-C (restore the terminal).
    init(session: ScriptSession, atPrompt: @escaping @Sendable () -> Void = { exit(130) },
         forceQuit: @escaping @Sendable () -> Void = {}) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if session.interrupt(atPrompt: atPrompt) == .forceQuit {
                FileHandle.standardError.write(Data("\nthe evaluation does not stop: quitting\n".utf8))
                forceQuit()
                exit(130)
            }
        }
        source.resume()
    }

    /// For work that is not a script (an assistant turn): the first Ctrl-C calls
    /// `onInterrupt`, a repeat two seconds later, still running, quits with 130 — the same
    /// cycle (`InterruptGate`) as a script's.
    init(_ onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        var running = InterruptGate()
        running.submit()
        _ = running.begin()
        let gate = Mutex(running)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            switch gate.withLock({ $0.interrupt(now: ScriptSession.monotonicSeconds()) }) {
            case .cancel: onInterrupt()
            case .forceQuit: exit(130)
            case .atPrompt, .alreadyCancelling: break
            }
        }
        source.resume()
    }

    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
