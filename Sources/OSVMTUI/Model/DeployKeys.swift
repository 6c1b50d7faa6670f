import Deploy
import Foundation

/// The deployment checklist of the nodes pane: `:deploy`, the confirmation keys, and the
/// deploy service's updates folded into the state (and written to the Log pane).
enum DeployKeys {
    /// `:deploy ARGS` from the palette.
    static func palette(_ s: inout AppState, _ arg: String) -> [Effect] {
        if let d = s.nodes.deployment, d.active {
            s.message = "a deployment is running (Ctrl-C in the Nodes pane stops it)"
            return []
        }
        let order: DeployOrder
        switch DeployOrder.parse(arg) {
        case .failure(let e):
            s.message = e.description
            s.log.append([LogLine(time: "", level: .error, text: "deploy: \(e.description)")])
            return []
        case .success(let o): order = o
        }
        _ = Update.command(&s, .focus(.nodes))
        s.nodes.deployRuns += 1
        let run = s.nodes.deployRuns
        if order.yes || order.dryRun { return start(&s, order, run: run) }
        s.nodes.deployment = DeploymentProgress(order: order, run: run, phase: .confirming)
        s.message = "deploy \(order.summary)? y/n"
        return []
    }

    static func start(_ s: inout AppState, _ order: DeployOrder, run: Int) -> [Effect] {
        s.nodes.deployment = DeploymentProgress(order: order, run: run, phase: .preparing)
        s.log.append([LogLine(time: "", level: .info, text: "deploy: \(order.dryRun ? "dry run of" : "starting") \(order.summary)")])
        return [.deployStart(run: run, order)]
    }

    /// Keys of the nodes pane while a deployment is shown; nil when the key is not ours.
    static func key(_ s: inout AppState, _ k: Key) -> [Effect]? {
        guard let d = s.nodes.deployment else { return nil }
        if d.phase == .confirming {
            switch k {
            case .char("y"), .char("Y"): return start(&s, d.order, run: d.run)
            case .char("n"), .char("N"), .escape:
                s.nodes.deployment = nil
                s.log.append([LogLine(time: "", level: .info, text: "deploy: \(d.order.summary) not started")])
                return []
            default: return []
            }
        }
        if !d.active, k == .escape { s.nodes.deployment = nil; return [] }
        return nil
    }

    /// Ctrl-C: stops the running deployment (its journal is left `interrupted`; run it again to resume).
    static func cancel(_ s: inout AppState) -> [Effect]? {
        guard var d = s.nodes.deployment, d.active else { return nil }
        d.phase = .cancelled
        for i in d.steps.indices where d.steps[i].status == .running {
            d.steps[i].status = .failed
            d.steps[i].note = "interrupted"
        }
        d.error = "interrupted — run the same :deploy again to resume"
        s.nodes.deployment = d
        s.log.append([LogLine(time: "", level: .warn, text: "deploy: interrupted \(d.order.summary)")])
        return [.deployCancel]
    }

    static func finished(_ s: inout AppState, run: Int) -> [Effect] {
        guard var d = s.nodes.deployment, d.run == run else { return [] }
        if d.active {
            if d.order.dryRun, !d.steps.isEmpty, d.error == nil { d.phase = .planned }
            else { d.phase = .failed; if d.error == nil { d.error = "the deployment ended without an outcome" } }
        }
        s.nodes.deployment = d
        return d.phase == .completed && !d.order.dryRun ? [.reloadNodes] : []
    }

    static func update(_ s: inout AppState, run: Int, _ u: DeployUpdate) -> [Effect] {
        guard var d = s.nodes.deployment, d.run == run, d.phase != .cancelled, d.phase != .confirming else { return [] }
        var log: [LogLine] = []
        func info(_ t: String, _ level: LogLine.Level = .info) { log.append(LogLine(time: "", level: level, text: "deploy: " + t)) }
        func valid(_ i: Int) -> Bool { d.steps.indices.contains(i) }
        switch u {
        case .event(let e):
            switch e {
            case .started(let id, let steps, let from):
                d.id = id
                d.phase = .running
                d.steps = steps.map { DeploymentProgress.Step(title: $0) }
                info("\(id): \(steps.count) steps" + (from.map { ", resuming at step \($0 + 1)" } ?? ""))
            case .stepStarted(let i, let title):
                if valid(i) { d.steps[i].status = .running; d.steps[i].elapsed = 0; d.steps[i].lastLine = nil }
                info("[\(i + 1)] \(title) …")
            case .output(let i, let line):
                if valid(i) { d.steps[i].lastLine = line.text }
                log.append(LogLine(time: "", level: .debug, text: "deploy:     " + line.text))
            case .stepFinished(let i, let title, let state, let elapsed, let message):
                if valid(i) {
                    d.steps[i].status = status(state)
                    if message != "done in an earlier run" { d.steps[i].elapsed = elapsed }
                    d.steps[i].note = message
                    if state != .failed { d.steps[i].lastLine = nil }
                }
                info(String(format: "[%d] %@: %@ (%.1f s)", i + 1, title, state.rawValue, elapsed) + (message.map { " — \($0)" } ?? ""),
                     state == .failed ? .error : .info)
            case .rollbackStarted(let reason):
                d.notes.append("rolling back: \(reason)")
                info("rolling back: \(reason)", .warn)
            case .undone(let i, let title, let ok, let message):
                if valid(i) { d.steps[i].status = ok ? .rolledBack : .undoFailed; d.steps[i].note = message }
                info("undo \(title): \(ok ? "ok" : "FAILED") \(message ?? "")", ok ? .info : .error)
            case .finished(let status, let changed):
                switch status {
                case .completed: d.phase = .completed
                case .rolledBack: d.phase = .rolledBack
                case .interrupted: d.phase = .cancelled
                case .failed: d.phase = .failed
                case .running: break
                }
                d.notes.append("deployment \(status.rawValue); \(changed) step\(changed == 1 ? "" : "s") changed the host")
                info(d.notes[d.notes.count - 1], status == .completed ? .info : .warn)
            }
        case .elapsed(let i, let secs):
            if valid(i), d.steps[i].status == .running { d.steps[i].elapsed = secs }
        case .verdict(let i, let v):
            if valid(i) { d.steps[i].note = v }
            info("[\(i + 1)] \(valid(i) ? d.steps[i].title : "?"): \(v)")
        case .note(let t):
            d.notes.append(t)
            info(t)
        case .failed(let m):
            d.error = m
            if d.phase != .rolledBack { d.phase = .failed }
            for i in d.steps.indices where d.steps[i].status == .running { d.steps[i].status = .failed }
            info(m, .error)
        }
        s.nodes.deployment = d
        if !log.isEmpty { s.log.append(log) }
        return []
    }

    static func status(_ s: DeploymentJournal.StepState) -> DeploymentProgress.StepStatus {
        switch s {
        case .pending: return .pending
        case .changed, .passed: return .done
        case .alreadyDone: return .alreadyDone
        case .skipped: return .skipped
        case .failed: return .failed
        case .undone: return .rolledBack
        }
    }
}
