import Foundation
import Deploy

/// The pure heart of the workbench: `(state, action) → effects`. No I/O, no clocks,
/// no threads; `Store` runs the returned effects.
///
///     var s = AppState(theme: t, status: st)
///     let fx = Update.reduce(&s, .key(.function(5)))   // [.evaluate(buffer, .editor), .startTicking]
public enum Update {
    public static func reduce(_ s: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .key(let k):
            return key(&s, k)
        case .paste(let text):
            return PasteInput.paste(&s, text)
        case .pasteRefused(let n):
            return PasteInput.refused(&s, bytes: n)
        case .click(let x, let y):
            if s.palette == nil, !s.showHelp,
               let hit = LayoutEngine.paneRects(s).first(where: { x >= $0.1.x && x < $0.1.maxX && y >= $0.1.y && y < $0.1.maxY }) {
                s.focus = hit.0
            } else if s.compact, y == 1 {
                var col = 0
                for p in s.layout.order {
                    let w = DisplayWidth.of(" \(p.rawValue) \(p.title) ") + 1
                    if x >= col && x < col + w { s.focus = p }
                    col += w
                }
            }
            return []
        case .wheel(let x, let y, let up):
            if s.showHelp {
                s.helpScroll = max(0, min(HelpView.maxScroll(s), s.helpScroll + (up ? -3 : 3)))
            } else if s.palette == nil,
                      let hit = LayoutEngine.paneRects(s).first(where: { x >= $0.1.x && x < $0.1.maxX && y >= $0.1.y && y < $0.1.maxY }) {
                PaneKeys.wheel(&s, hit.0, up: up)
            }
            return []
        case .resize(let w, let h):
            s.width = max(1, w); s.height = max(1, h)
            fitLayout(&s)
            if s.showHelp { s.helpScroll = min(s.helpScroll, HelpView.maxScroll(s)) }
            return []
        case .tick:
            if s.busy { s.spinner &+= 1 }
            return []
        case .evalFinished(let origin, let r):
            s.repl.busy = false
            if s.message == "cancelling…" { s.message = nil }
            if !r.globalNames.isEmpty { s.globalNames = r.globalNames }
            if !r.output.isEmpty {
                s.repl.add(.output, r.output.hasSuffix("\n") ? String(r.output.dropLast()) : r.output)
            }
            if let e = r.error {
                s.repl.add(.error, e)
                if origin == .editor { s.log.append([LogLine(time: "", level: .error, text: e)]) }
            } else if !r.printed.isEmpty {
                s.repl.add(.result, r.printed)
            }
            return []
        case .fileOpened(let path, let text):
            // Only reached when the old buffer was saved, discarded or unmodified.
            s.editor.load(text: text, path: path)
            s.focus = .editor
            s.message = "opened \(path)"
            return [.clearRecovery]
        case .newFileOpened(let path):
            s.editor.load(text: "", path: path)
            s.focus = .editor
            s.message = "new file \(path) — Ctrl-S creates it"
            return [.clearRecovery]
        case .fileSaved(let path):
            s.editor.path = path
            s.editor.saved()
            s.message = "saved \(path)"
            if let next = s.openAfterSave { s.openAfterSave = nil; return [.clearRecovery, .readFile(next)] }
            return s.editor.modified ? [.saveRecovery(immediate: false)] : [.clearRecovery]
        case .fileFailed(let m):
            s.openAfterSave = nil
            s.editor.savingVersion = nil
            s.message = m
            s.log.append([LogLine(time: "", level: .error, text: m)])
            return []
        case .recoveryOffered(let orphans):
            s.recoveryOffers = orphans
            offerRecovery(&s)
            return []
        case .explorerLoaded(let v):
            s.explorer.loading = nil
            s.explorer.error = nil
            s.explorer.push(v)
            return []
        case .explorerRefreshed(let v):
            ExplorerKeys.refreshed(&s.explorer, v)
            return []
        case .explorerMoreSignatures(let address, let rows, let more):
            ExplorerKeys.moreSignatures(&s.explorer, address: address, rows, more: more)
            return []
        case .explorerFailed(let m):
            s.explorer.loading = nil
            s.explorer.loadingMore = false
            s.explorer.error = m
            return []
        case .statusUpdated(let st):
            s.status = st
            if st.connected == true { s.paneErrors[.explorer] = nil }
            return []
        case .log(let lines):
            s.log.append(lines)
            return []
        case .themeLoaded(let t, let name):
            if let t { s.theme = t; s.message = "theme \(t.name)" } else { s.message = "unknown theme \(name)" }
            return []
        case .historyLoaded(let h):
            s.repl.history = h
            return []
        case .paneFailed(let p, let m):
            s.paneErrors[p] = m
            return []
        case .globalNamesLoaded(let names):
            s.globalNames = names
            return []
        case .notice(let m):
            s.message = m
            s.log.append([LogLine(time: "", level: .info, text: m)])
            return []
        case .chatEvent(let run, let e):
            return ChatKeys.event(&s, run: run, e)
        case .chatFinished(let run):
            if run == s.chat.run, s.chat.streaming {
                s.chat.streaming = false; s.chat.streamingItem = nil; s.chat.approval = nil; s.chat.editingApproval = false
            }
            return []
        case .chatApprovalRequested(let code):
            guard s.chat.streaming else { return [.chatApprove(.no)] }
            s.chat.approval = code
            s.chat.editingApproval = false
            s.chat.scrollBack = 0
            if s.focus != .chat { s.message = "the assistant wants to run OVSM — Alt+5 to answer (y/n/e)" }
            return []
        case .chatSessionCreated(let path):
            s.chat.session = path
            if !s.chat.sessions.contains(where: { $0.path == path }) {
                let title = s.chat.messages.first { $0.role == .user }?.content ?? path
                s.chat.sessions.insert(ChatSessionInfo(path: path, title: title), at: 0)
            }
            return []
        case .chatSessionsListed(let list):
            s.chat.sessions = list
            if let i = s.chat.sessionList { s.chat.sessionList = min(i, max(0, list.count - 1)) }
            return []
        case .chatSessionLoaded(let path, let messages, let problems):
            guard !s.chat.streaming else { return [] }
            s.chat.load(path: path, messages: messages)
            s.chat.sessionList = nil
            s.chat.append(.info("session \(ChatKeys.sessionName(path)) — \(s.chat.messages.count) messages"))
            if let problems {
                s.chat.append(.error(problems))
                s.log.append([LogLine(time: "", level: .warn, text: "chat: " + problems)])
            }
            for f in s.chat.mcpFailures { s.chat.append(.error(f)) }
            return []
        case .chatToolsReady(let report):
            ChatKeys.toolsReady(&s, report)
            return []
        case .chatConfigured(let model, let error):
            s.chat.model = model
            if let error { s.chat.append(.error(error)) }
            return []
        case .nodesListed(let nodes, let error):
            s.nodes.nodes = nodes
            s.nodes.loaded = true
            s.nodes.error = error
            if let error { s.log.append([LogLine(time: "", level: .error, text: "nodes: \(error)")]) }
            return []
        case .nodeSnapshot(let snap):
            s.nodes.problem = nil
            let fresh = s.nodes.add(snap)
            if !fresh.isEmpty {
                s.log.append(fresh.map { LogLine(time: "", level: .warn, text: "node \(snap.node): ALERT \($0.message)") })
            }
            return []
        case .doctorResults(let results):
            s.log.append(results.map { r in
                let level: LogLine.Level = r.status == .fail ? .error : r.status == .warn ? .warn : .info
                var text = "doctor \(r.status.rawValue.uppercased()) \(r.title): \(r.detail)"
                if r.status != .pass, let fix = r.fix { text += " — fix: \(fix)" }
                return LogLine(time: "", level: level, text: text)
            })
            let count = { (st: CheckResult.Status) in results.filter { $0.status == st }.count }
            s.message = "doctor: \(count(.pass)) pass, \(count(.warn)) warn, \(count(.fail)) fail (details in 4 Log; osvm doctor --fix repairs the safe ones)"
            return []
        case .fleet(let reading):
            switch reading {
            case .snapshot(let snap): return reduce(&s, .nodeSnapshot(snap))
            case .source(let src): s.nodes.source = src
            case .history(let node, let slots, let load): s.nodes.seedHistory(node, slots: slots, load: load)
            case .problem(let p):
                // Logged when it changes, not every poll.
                if s.nodes.problem != p { s.log.append([LogLine(time: "", level: .warn, text: "nodes: \(p)")]) }
                s.nodes.problem = p
                return []
            }
            s.nodes.problem = nil
            return []
        case .deployUpdate(let run, let u):
            return DeployKeys.update(&s, run: run, u)
        case .deployFinished(let run):
            return DeployKeys.finished(&s, run: run)
        case .debugPaused(let p):
            return DebugKeys.paused(&s, p)
        case .debugFinished(let r):
            return DebugKeys.finished(&s, r)
        case .debugEvaluated(let target, let v):
            return DebugKeys.evaluated(&s, target, v)
        }
    }

    static func key(_ s: inout AppState, _ k: Key) -> [Effect] {
        s.message = nil
        if s.confirmQuit {
            s.confirmQuit = false
            if k == .char("y") || k == .char("Y") { s.quitting = true; s.discardOnQuit = true; return [.clearRecovery, .quit] }
            return []
        }
        if let fx = prompts(&s, k) { return fx }
        if s.palette != nil { return Palette.key(&s, k) }
        if s.showHelp { helpKey(&s, k); return [] }
        if s.awaitingWindowKey {
            s.awaitingWindowKey = false
            switch k {
            case .char("z"): s.zoomed.toggle()
            case .char("w"), .ctrl("w"): moveFocus(&s, by: 1)
            default: break
            }
            return []
        }
        if s.focus == .log, s.log.filterInput != nil { return PaneKeys.logFilter(&s, k) }
        if s.focus == .chat, let fx = ChatKeys.modal(&s, k) { return fx }
        if k != .ctrl("r") { s.repl.searchQuery = nil; s.chat.search = nil }
        if s.inNavigation {
            if let fx = NavigationKeys.key(&s, k) { return fx }
        } else if k == .escape {
            return NavigationKeys.escapeTyping(&s)
        }
        return dispatch(&s, k)
    }

    /// A key through the focused pane's table, the global one, then the pane itself.
    static func dispatch(_ s: inout AppState, _ k: Key) -> [Effect] {
        if let cmd = Keymap.command(for: k, pane: s.focus, textInput: s.focus.takesText && !s.inNavigation) {
            return command(&s, cmd)
        }
        return PaneKeys.key(&s, k)
    }

    /// Keys while the help overlay is open: scrolling keys scroll it, any other closes it.
    static func helpKey(_ s: inout AppState, _ k: Key) {
        let page = max(1, HelpView.visibleRows(s) - 1)
        switch k {
        case .down, .char("j"), .ctrl("n"): s.helpScroll += 1
        case .up, .char("k"), .ctrl("p"): s.helpScroll -= 1
        case .pageDown, .char(" "): s.helpScroll += page
        case .pageUp: s.helpScroll -= page
        case .home, .char("g"): s.helpScroll = 0
        case .end, .char("G"): s.helpScroll = HelpView.maxScroll(s)
        default: s.showHelp = false; s.helpScroll = 0; return
        }
        s.helpScroll = max(0, min(HelpView.maxScroll(s), s.helpScroll))
    }

    /// The automatic layout for the screen size, unless `:layout` chose one.
    static func fitLayout(_ s: inout AppState) {
        guard s.layoutAuto else { return }
        s.layout = Layout.automatic(width: s.width, height: s.height, focus: s.focus)
    }

    static func moveFocus(_ s: inout AppState, by delta: Int) {
        let order = s.layout.order
        guard let i = order.firstIndex(of: s.focus) else { s.focus = order.first ?? .repl; return }
        s.focus = order[(i + delta + order.count) % order.count]
    }

    static func command(_ s: inout AppState, _ c: Command) -> [Effect] {
        switch c {
        case .nextPane: moveFocus(&s, by: 1)
        case .prevPane: moveFocus(&s, by: -1)
        case .focus(let p):
            if !s.layout.order.contains(p), let l = Layout.all.first(where: { $0.order.contains(p) && $0.order.contains(s.focus) }) ?? Layout.all.first(where: { $0.order.contains(p) }) {
                s.layout = l
            }
            if s.layout.order.contains(p) { s.focus = p }
        case .windowPrefix: s.awaitingWindowKey = true
        case .palette:
            s.palette = PaletteState()
            Palette.complete(&s)
        case .help: s.showHelp = true; s.helpScroll = 0
        case .run: return runEditor(&s)
        case .cancel:
            if s.debug.active { return DebugKeys.stop(&s) }
            if s.focus == .nodes, let fx = DeployKeys.cancel(&s) { return fx }
            if s.chat.streaming, s.focus == .chat || !s.repl.busy { return ChatKeys.cancel(&s) }
            if s.repl.busy { s.message = "cancelling…"; return [.cancelEvaluation] }
            if s.explorer.loading != nil { s.explorer.loading = nil; s.message = "request cancelled" }
        case .quit:
            if s.editor.modified { s.confirmQuit = true; s.message = "unsaved changes — quit and discard them? (y/n)" }
            else { s.quitting = true; return [.quit] }
        case .suspend: s.suspendRequests += 1; return [.suspend]
        case .save: return save(&s, path: nil)
        case .undo: s.editor.undo(); s.editor.scroll(height: PaneKeys.paneHeight(s, .editor)); return recovery(s)
        case .redo: s.editor.redo(); s.editor.scroll(height: PaneKeys.paneHeight(s, .editor)); return recovery(s)
        case .pageUp, .pageDown: PaneKeys.page(&s, up: c == .pageUp)
        case .mark:
            s.editor.mark = s.editor.mark == nil ? .init(row: s.editor.buffer.row, col: s.editor.buffer.col) : nil
        case .copy:
            guard let t = s.editor.selectedText else { s.message = "no selection (Ctrl-Space starts one)"; return [] }
            s.clipboard = t
            s.editor.mark = nil
            s.message = "copied \(t.count) characters"
        case .cut:
            guard let t = s.editor.selectedText else { s.message = "no selection (Ctrl-Space starts one)"; return [] }
            s.clipboard = t
            s.editor.deleteSelection()
            return recovery(s)
        case .paste:
            guard !s.clipboard.isEmpty else { return [] }
            if s.editor.selection != nil { s.editor.deleteSelection() }
            s.editor.insert(s.clipboard)
            s.editor.scroll(height: PaneKeys.paneHeight(s, .editor))
            return recovery(s)
        case .replClear: s.repl.transcript.removeAll()
        case .replExpand:
            s.repl.expanded.toggle()
            s.repl.scrollBack = 0
            s.message = s.repl.expanded ? "long values shown whole (Alt+e folds them)" : "long values folded after \(ReplView.maxRows) rows (Alt+e expands)"

        case .replComplete: ReplCommands.complete(&s)
        case .replSearch: ReplCommands.search(&s)
        case .replToExplorer: return ReplCommands.toExplorer(&s)
        case .logFollow:
            s.log.follow.toggle()
            s.log.offset = 0
        case .logFilter: s.log.filterInput = TextBuffer(s.log.filter)
        case .logClear: s.log.clear()
        case .explorerBack: s.explorer.pop()
        case .explorerCopy: return ExplorerKeys.copy(&s)
        case .explorerRefresh: return ExplorerKeys.refresh(&s)
        case .chatNew: return ChatKeys.newSession(&s)
        case .chatSearch: ChatKeys.search(&s)
        case .chatSessions:
            if s.chat.sessionList != nil { s.chat.sessionList = nil; return [] }
            s.chat.sessionList = 0
            return [.chatListSessions]
        case .navigate: return NavigationKeys.escapeTyping(&s)
        case .insert: NavigationKeys.insert(&s)
        case .filter: return NavigationKeys.filter(&s)
        case .moveUp, .moveDown: return NavigationKeys.move(&s, up: c == .moveUp)
        case .drill: return NavigationKeys.drill(&s)
        case .back: return NavigationKeys.back(&s)
        case .toggleBreakpoint: return DebugKeys.toggleBreakpoint(&s)
        case .stepOver: return DebugKeys.step(&s, .stepOver)
        case .stepIn: return DebugKeys.step(&s, .stepIn)
        case .stepOut: return DebugKeys.step(&s, .stepOut)
        case .debugStop: return DebugKeys.stop(&s)
        }
        return []
    }

    static func runEditor(_ s: inout AppState) -> [Effect] {
        if let fx = DebugKeys.run(&s) { return fx }
        if s.repl.busy { s.message = "an evaluation is running (Ctrl-C cancels)"; return [] }
        s.repl.busy = true
        let name = s.editor.path.map { ($0 as NSString).lastPathComponent } ?? "buffer"
        s.repl.add(.info, ";; run \(name)")
        return beforeEvaluation(s) + [.evaluate(s.editor.buffer.text, .editor), .startTicking]
    }

    static func save(_ s: inout AppState, path: String?) -> [Effect] {
        guard let p = path ?? s.editor.path else {
            s.message = "no file name — use :save FILE"
            return []
        }
        s.editor.saving()
        return [.writeFile(path: p, text: s.editor.buffer.text)]
    }

    /// After an edit: keep the recovery file in step (gone when undo reached the saved text).
    static func recovery(_ s: AppState) -> [Effect] {
        s.editor.modified ? [.saveRecovery(immediate: false)] : [.clearRecovery]
    }

    /// An evaluation may take the process down: unsaved editor work goes to disk first.
    static func beforeEvaluation(_ s: AppState) -> [Effect] {
        s.editor.modified ? [.saveRecovery(immediate: true)] : []
    }

    /// The question for the first offered recovery, in the footer.
    static func offerRecovery(_ s: inout AppState) {
        guard let o = s.recoveryOffers.first else { return }
        s.message = "unsaved work from an earlier session (\(o.summary)) — r restore, d discard, Esc ask next time"
    }

    /// Answers to the questions that block other keys: a recovery offer and `:open` over
    /// a modified buffer. nil: no question is open.
    static func prompts(_ s: inout AppState, _ k: Key) -> [Effect]? {
        if let o = s.recoveryOffers.first {
            switch k {
            case .char("r"), .char("y"), .enter:
                s.recoveryOffers = []              // one buffer: the others wait for the next start
                s.editor.loadUnsaved(text: o.text, path: o.path)
                s.focus = .editor
                s.navigating = false
                s.message = "restored \(o.summary) — Ctrl-S saves it"
                return [.adoptRecovery(o)]
            case .char("d"), .char("n"):
                s.recoveryOffers.removeFirst()
                s.message = "discarded \(o.summary)"
                let fx: [Effect] = [.discardRecovery(o)]
                if !s.recoveryOffers.isEmpty { offerRecovery(&s) }
                return fx
            case .escape, .ctrl("c"):
                s.recoveryOffers = []
                s.message = "kept for the next start"
                return []
            default:
                offerRecovery(&s)
                return []
            }
        }
        if let p = s.pendingOpen {
            s.pendingOpen = nil
            switch k {
            case .char("s"):
                guard s.editor.path != nil else { s.message = "the buffer has no file name — :save FILE first"; return [] }
                s.openAfterSave = p
                return save(&s, path: nil)
            case .char("d"):
                return [.readFile(p)]
            default:
                s.message = "open cancelled"
                return []
            }
        }
        return nil
    }
}
