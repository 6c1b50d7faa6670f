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
        let ctl = ServiceControl(manager: spec.serviceManager, name: e.serviceName)
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
        let unit = ctl.unitFile(e)
        steps.append(DeployStep(
            id: "exporter-service", title: "Metrics exporter service \(e.serviceName)", changes: "write \(ctl.unitPath) and reload",
            check: "printf '%s' \(q(unit)) | cmp -s - \(q(ctl.unitPath))",
            action: .shell("mkdir -p \(q((ctl.unitPath as NSString).deletingLastPathComponent)) && "
                + "printf '%s' \(q(unit)) > \(q(ctl.unitPath + ".tmp")) && mv -f \(q(ctl.unitPath + ".tmp")) \(q(ctl.unitPath)) && "
                + ctl.reloadScript),
            undo: ctl.removeScript))
        steps.append(DeployStep(
            id: "exporter-start", title: "Start \(e.serviceName) on \(m.listen):\(m.port)", changes: "start the exporter",
            check: ctl.isActiveScript, action: .shell(ctl.script(.start)), undo: ctl.script(.stop)))
        steps.append(DeployStep(
            id: "exporter-check", title: "Metrics endpoint answers on the host",
            changes: "nothing (waits for /metrics on the host itself)", kind: .readOnly, check: nil,
            action: .shell(metricsProbe(m)), undo: nil, timeout: 40))
        return steps
    }

    /// Waits up to 30 s for the exporter's listening socket on the host (a request from the
    /// host itself could be refused by the firewall we just applied, so the socket table is
    /// the honest check; the scraper's view is tested from the allowed address).
    static func metricsProbe(_ m: MetricsEndpoint) -> String {
        """
        i=0
        while [ $i -lt 300 ]; do
          awk -v p=$(printf '%04X' \(m.port)) '$4=="0A" && substr($2, index($2,":")+1)==p {f=1} END {exit !f}' /proc/net/tcp 2>/dev/null \\
            && { echo "metrics endpoint listening on \(m.listen):\(m.port)"; exit 0; }
          i=$((i+1)); sleep 0.1
        done
        echo "the exporter is not listening on \(m.listen):\(m.port) after 30 s" >&2; exit 1
        """
    }

    /// `table inet osvm_metrics`, chain per service: accept the port from `allow`, reset
    /// everyone else. One `nft -f` transaction, so re-running replaces the rule atomically.
    static func firewallStep(_ spec: DeploymentSpec, _ m: MetricsEndpoint) -> DeployStep {
        let c = chain(spec)
        let v4 = m.allow.filter { MetricsEndpoint.isIPv4(String($0.split(separator: "/")[0])) }
        let v6 = m.allow.filter { !v4.contains($0) }
        let tag = "osvm-metrics port=\(m.port) allow=\(m.allow.joined(separator: ","))"
        var rules = ""
        if !v4.isEmpty { rules += "add rule inet \(table) \(c) tcp dport \(m.port) ip saddr { \(v4.joined(separator: ", ")) } accept comment \"\(tag)\"\n" }
        if !v6.isEmpty { rules += "add rule inet \(table) \(c) tcp dport \(m.port) ip6 saddr { \(v6.joined(separator: ", ")) } accept comment \"\(tag)\"\n" }
        rules += "add rule inet \(table) \(c) tcp dport \(m.port) reject with tcp reset\n"
        let ruleset = """
            add table inet \(table)
            add chain inet \(table) \(c) { type filter hook input priority 0; policy accept; }
            flush chain inet \(table) \(c)
            \(rules)
            """
        return DeployStep(
            id: "metrics-firewall", title: "Firewall metrics port \(m.port) to \(m.allow.joined(separator: ", "))",
            changes: "nftables: table inet \(table), chain \(c): accept tcp/\(m.port) from \(m.allow.joined(separator: ", ")), reset others",
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
                echo "metrics port \(m.port) open only to \(m.allow.joined(separator: ", "))"
                """),
            undo: "nft delete chain inet \(table) \(c) 2>/dev/null; "
                + "nft list table inet \(table) 2>/dev/null | grep -q chain || nft delete table inet \(table) 2>/dev/null; true")
    }
}
