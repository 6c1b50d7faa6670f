import Foundation

/// The deploy steps that install a node's metrics endpoint (`MetricsEndpoint`): upload the
/// exporter, firewall its port, write its service beside the node's, start it, and wait for
/// `/metrics` to answer on the host. The firewall comes before the start, so the exporter is
/// never reachable unfirewalled when a firewall was asked for.
enum MetricsSteps {
    /// nftables table of osvm's own; one chain per service, so several nodes on one host
    /// each keep their own rule and undo removes only theirs.
    static let table = "osvm_metrics"

    static func exporterSpec(_ spec: DeploymentSpec, _ m: MetricsEndpoint) -> DeploymentSpec {
        var e = spec
        e.serviceName = spec.serviceName + "-exporter"
        var cmd = "\(binaryPath(spec)) nodes exporter --rpc http://127.0.0.1:\(spec.rpcPort) --listen \(m.listen):\(m.port)"
        if let r = spec.referenceRPC { cmd += " --reference \(r)" }
        e.launch = cmd
        return e
    }

    static func binaryPath(_ spec: DeploymentSpec) -> String { spec.prefix + "/exporter/osvm" }

    static func chain(_ spec: DeploymentSpec) -> String {
        "svc_" + String(spec.serviceName.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    static func steps(_ spec: DeploymentSpec, _ m: MetricsEndpoint) -> [DeployStep] {
        let q = Shell.quote
        let e = exporterSpec(spec, m)
        var steps: [DeployStep] = []
        steps.append(DeployStep(
            id: "exporter-binary", title: "Metrics exporter binary",
            changes: "upload \(m.exporterBinary) → \(binaryPath(spec)) (sha256 \(m.exporterSHA256.prefix(12))…)",
            check: "[ -x \(q(binaryPath(spec))) ] && [ \"$(sha256sum \(q(binaryPath(spec))) | cut -d' ' -f1)\" = \(q(m.exporterSHA256)) ]",
            action: .upload(localPath: m.exporterBinary, remotePath: binaryPath(spec), sha256: m.exporterSHA256),
            undo: "rm -rf \(q(spec.prefix + "/exporter"))", timeout: 900))
        if m.firewalled {
            steps.append(firewallStep(spec, m))
        }
        steps += serviceSteps(e, what: "Metrics exporter", listen: "\(m.listen):\(m.port)", idPrefix: "exporter")
        steps.append(DeployStep(
            id: "exporter-check", title: "Metrics endpoint answers on the host",
            changes: "nothing (waits for /metrics on the host itself)", kind: .readOnly, check: nil,
            action: .shell(listenProbe(m.listen, m.port)), undo: nil, timeout: 40))
        if let mp = m.machinePort {
            let bin = "/usr/bin/prometheus-node-exporter"
            steps.append(DeployStep(
                id: "machine-exporter-install", title: "prometheus-node-exporter (machine metrics)",
                changes: "apt-get install prometheus-node-exporter", check: "[ -x \(bin) ]",
                action: .shell("""
                    if command -v apt-get >/dev/null 2>&1; then
                      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus-node-exporter
                    else echo "prometheus-node-exporter is not installed and this host has no apt-get: install it, or deploy without --machine-metrics-port" >&2; exit 1; fi
                    """),
                undo: nil, timeout: 900))
            var n = spec
            n.serviceName = spec.serviceName + "-machine"
            n.launch = "\(bin) --web.listen-address=\(m.listen):\(mp)"
            steps += serviceSteps(n, what: "Machine metrics", listen: "\(m.listen):\(mp)", idPrefix: "machine-exporter",
                                  // Debian's own unit listens on :9100 on every address: ours replaces it.
                                  before: "if [ -d /run/systemd/system ]; then systemctl disable --now prometheus-node-exporter >/dev/null 2>&1 || true; fi; ")
            steps.append(DeployStep(
                id: "machine-exporter-check", title: "Machine metrics endpoint listens",
                changes: "nothing (waits for the listening socket)", kind: .readOnly, check: nil,
                action: .shell(listenProbe(m.listen, mp)), undo: nil, timeout: 40))
        }
        return steps
    }

    /// The unit step and the start step of a helper service `e` under the node's supervisor.
    static func serviceSteps(_ e: DeploymentSpec, what: String, listen: String, idPrefix: String, before: String = "") -> [DeployStep] {
        let q = Shell.quote
        let ctl = ServiceControl(manager: e.serviceManager, name: e.serviceName)
        let unit = ctl.unitFile(e)
        return [
            DeployStep(
                id: idPrefix + "-service", title: "\(what) service \(e.serviceName)", changes: "write \(ctl.unitPath) and reload",
                check: "printf '%s' \(q(unit)) | cmp -s - \(q(ctl.unitPath))",
                action: .shell(before + "mkdir -p \(q((ctl.unitPath as NSString).deletingLastPathComponent)) && "
                    + "printf '%s' \(q(unit)) > \(q(ctl.unitPath + ".tmp")) && mv -f \(q(ctl.unitPath + ".tmp")) \(q(ctl.unitPath)) && "
                    + ctl.reloadScript),
                undo: ctl.removeScript),
            DeployStep(
                id: idPrefix + "-start", title: "Start \(e.serviceName) on \(listen)", changes: "start the service",
                check: ctl.isActiveScript, action: .shell(ctl.script(.start)), undo: ctl.script(.stop)),
        ]
    }

    /// Waits up to 30 s for the exporter's listening socket on the host (a request from the
    /// host itself could be refused by the firewall we just applied, so the socket table is
    /// the honest check; the scraper's view is tested from the allowed address).
    static func listenProbe(_ listen: String, _ port: Int) -> String {
        """
        i=0
        while [ $i -lt 300 ]; do
          awk -v p=$(printf '%04X' \(port)) '$4=="0A" && substr($2, index($2,":")+1)==p {f=1} END {exit !f}' /proc/net/tcp /proc/net/tcp6 2>/dev/null \\
            && { echo "listening on \(listen):\(port)"; exit 0; }
          i=$((i+1)); sleep 0.1
        done
        echo "nothing listens on \(listen):\(port) after 30 s" >&2; exit 1
        """
    }

    /// `table inet osvm_metrics`, chain per service: accept the port from `allow`, reset
    /// everyone else. One `nft -f` transaction, so re-running replaces the rule atomically.
    static func firewallStep(_ spec: DeploymentSpec, _ m: MetricsEndpoint) -> DeployStep {
        let c = chain(spec)
        let v4 = m.allow.filter { MetricsEndpoint.isIPv4(String($0.split(separator: "/")[0])) }
        let v6 = m.allow.filter { !v4.contains($0) }
        let ports = m.ports.map(String.init).joined(separator: ", ")
        let tag = "osvm-metrics port=\(m.ports.map(String.init).joined(separator: ",")) allow=\(m.allow.joined(separator: ","))"
        var rules = ""
        if !v4.isEmpty { rules += "add rule inet \(table) \(c) tcp dport { \(ports) } ip saddr { \(v4.joined(separator: ", ")) } accept comment \"\(tag)\"\n" }
        if !v6.isEmpty { rules += "add rule inet \(table) \(c) tcp dport { \(ports) } ip6 saddr { \(v6.joined(separator: ", ")) } accept comment \"\(tag)\"\n" }
        rules += "add rule inet \(table) \(c) tcp dport { \(ports) } reject with tcp reset\n"
        let ruleset = """
            add table inet \(table)
            add chain inet \(table) \(c) { type filter hook input priority 0; policy accept; }
            flush chain inet \(table) \(c)
            \(rules)
            """
        return DeployStep(
            id: "metrics-firewall", title: "Firewall metrics port \(ports) to \(m.allow.joined(separator: ", "))",
            changes: "nftables: table inet \(table), chain \(c): accept tcp/\(ports) from \(m.allow.joined(separator: ", ")), reset others",
            check: "nft list chain inet \(table) \(c) 2>/dev/null | grep -Fq \(Shell.quote("comment \"\(tag)\""))",
            action: .shell("""
                if ! command -v nft >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
                  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nftables >/dev/null
                fi
                command -v nft >/dev/null 2>&1 || { echo "cannot firewall the metrics port: nft not found (install nftables, or pass --metrics-allow any to leave the endpoint unfirewalled)" >&2; exit 1; }
                [ "$(id -u)" = 0 ] || { echo "cannot firewall the metrics port: nftables needs root (deploy as root, or pass --metrics-allow any to leave the endpoint unfirewalled)" >&2; exit 1; }
                nft -f - <<'OSVM_NFT'
                \(ruleset)
                OSVM_NFT
                echo "metrics port \(ports) open only to \(m.allow.joined(separator: ", "))"
                """),
            undo: "nft delete chain inet \(table) \(c) 2>/dev/null; "
                + "nft list table inet \(table) 2>/dev/null | grep -q chain || nft delete table inet \(table) 2>/dev/null; true")
    }
}
