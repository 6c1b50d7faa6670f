import Foundation

/// Shell snippets that control one node's service under systemd or supervisord.
///
///     let ctl = ServiceControl(manager: .systemd, name: "osvm-solana-rpc")
///     ctl.script(.restart)       // "systemctl restart 'osvm-solana-rpc'"
public struct ServiceControl: Sendable, Hashable {
    public enum Verb: String, Sendable, CaseIterable { case start, stop, restart, status }

    public var manager: ServiceManager
    public var name: String

    public init(manager: ServiceManager, name: String) {
        self.manager = manager
        self.name = name
    }

    var n: String { Shell.quote(name) }

    func supervisorctl(_ cfg: String) -> String { "supervisorctl -c \(Shell.quote(cfg))" }

    /// A script for `verb`; exits non-zero on failure.
    public func script(_ verb: Verb) -> String {
        switch manager {
        case .systemd, .auto:
            return "systemctl \(verb.rawValue) \(n)" + (verb == .status ? " --no-pager" : "")
        case .supervisor(let cfg, _):
            let c = supervisorctl(cfg)
            switch verb {
            case .start: return "\(c) start \(n) || \(c) status \(n) | grep -Eq 'RUNNING|STARTING'"
            case .stop: return "\(c) stop \(n) || \(c) status \(n) | grep -Eq 'STOPPED|EXITED|FATAL'"
            case .restart: return "\(c) restart \(n)"
            case .status: return "\(c) status \(n)"
            }
        }
    }

    /// Exits 0 when the service runs (or is starting).
    public var isActiveScript: String {
        switch manager {
        case .systemd, .auto: return "systemctl is-active --quiet \(n)"
        case .supervisor(let cfg, _): return "\(supervisorctl(cfg)) status \(n) 2>/dev/null | grep -Eq 'RUNNING|STARTING'"
        }
    }

    /// Prints one word: the service state (active, inactive, failed, RUNNING, STOPPED, …).
    public var stateScript: String {
        switch manager {
        case .systemd, .auto: return "systemctl is-active \(n) 2>/dev/null || true"
        case .supervisor(let cfg, _):
            return "\(supervisorctl(cfg)) status \(n) 2>/dev/null | awk '{print $2}' | head -n1 | grep . || echo unknown"
        }
    }

    /// Where the unit or program file lives on the host.
    public var unitPath: String {
        switch manager {
        case .systemd, .auto: return "/etc/systemd/system/\(name).service"
        case .supervisor(_, let dir): return "\(dir)/\(name).conf"
        }
    }

    /// Reloads the manager after the unit file changed.
    public var reloadScript: String {
        switch manager {
        case .systemd, .auto: return "systemctl daemon-reload && systemctl enable \(n)"
        case .supervisor(let cfg, _): return "\(supervisorctl(cfg)) reread && \(supervisorctl(cfg)) update"
        }
    }

    /// Stops and forgets the service (the undo of the unit step).
    public var removeScript: String {
        switch manager {
        case .systemd, .auto:
            return "systemctl disable --now \(n) 2>/dev/null || true; rm -f \(Shell.quote(unitPath)); systemctl daemon-reload"
        case .supervisor(let cfg, _):
            let c = supervisorctl(cfg)
            return "\(c) stop \(n) >/dev/null 2>&1 || true; rm -f \(Shell.quote(unitPath)); \(c) reread >/dev/null; \(c) update"
        }
    }

    /// The unit (systemd) or program (supervisord) file for `spec`.
    public func unitFile(_ spec: DeploymentSpec) -> String {
        switch manager {
        case .systemd, .auto:
            var s = """
            [Unit]
            Description=osvm \(spec.svm) \(spec.nodeType.rawValue) node (\(spec.network))
            After=network-online.target
            Wants=network-online.target

            [Service]
            Type=simple
            User=\(spec.serviceUser)
            WorkingDirectory=\(spec.prefix)
            ExecStart=\(spec.launch)
            Restart=on-failure
            RestartSec=5
            StandardOutput=append:\(spec.logFile)
            StandardError=append:\(spec.logFile)

            """
            if let n = spec.nofileLimit { s += "LimitNOFILE=\(n)\n" }
            s += "\n[Install]\nWantedBy=multi-user.target\n"
            return s
        case .supervisor:
            return """
            [program:\(name)]
            command=\(spec.launch)
            directory=\(spec.prefix)
            user=\(spec.serviceUser)
            autostart=true
            autorestart=true
            startsecs=1
            stopsignal=TERM
            stopwaitsecs=30
            redirect_stderr=true
            stdout_logfile=\(spec.logFile)
            stdout_logfile_maxbytes=50MB

            """
        }
    }
}
