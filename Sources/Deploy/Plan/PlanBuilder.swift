import Foundation

/// Turns a `DeploymentSpec` into the ordered steps of a `DeploymentPlan`.
///
///     let plan = PlanBuilder.plan(for: spec)     // sysinfo, requirements, … start, health
///
/// Every step is idempotent: its check says whether the host already has what the action
/// would make, so a second run changes nothing. The service manager must be resolved
/// (`.systemd` or `.supervisor`) before building; `Deployer` does that from `HostFacts`.
public enum PlanBuilder {
    public static func plan(for spec: DeploymentSpec) -> DeploymentPlan {
        let q = Shell.quote
        let ctl = ServiceControl(manager: spec.serviceManager, name: spec.serviceName)
        var steps: [DeployStep] = []

        steps.append(DeployStep(
            id: "sysinfo", title: "System information", changes: "nothing (reads uname, CPUs, memory, disk)", kind: .readOnly,
            check: nil, action: .shell(HostFacts.probeScript(path: spec.prefix)), undo: nil, timeout: 30))

        steps.append(DeployStep(
            id: "requirements", title: "Requirements (CPU, RAM, disk, ports)",
            changes: "nothing (fails when the host is too small or a port is taken)", kind: .readOnly,
            check: nil, action: .shell(requirementsScript(spec, activeCheck: ctl.isActiveScript)), undo: nil, timeout: 30))

        let cmds = spec.commands.map { "command -v \(q($0)) >/dev/null 2>&1" }.joined(separator: " && ")
        steps.append(DeployStep(
            id: "dependencies", title: "Dependencies", changes: "apt-get install \(spec.aptPackages.joined(separator: " "))",
            check: cmds.isEmpty ? "true" : cmds,
            action: .shell("""
                if command -v apt-get >/dev/null 2>&1; then
                  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \(spec.aptPackages.map(q).joined(separator: " "))
                else echo "missing commands: \(spec.commands.joined(separator: " ")); install them and run again" >&2; exit 1; fi
                """),
            undo: nil, timeout: 900))

        let u = q(spec.serviceUser)
        steps.append(DeployStep(
            id: "user", title: "Service user \(spec.serviceUser)", changes: "useradd --system \(spec.serviceUser)",
            check: "id -u \(u) >/dev/null 2>&1",
            action: .shell("useradd --system --home-dir \(q(spec.prefix)) --no-create-home --shell /usr/sbin/nologin \(u)"),
            undo: "userdel \(u)"))

        let dirs = [spec.prefix, spec.releasesDir, spec.keysDir, spec.ledgerDir, spec.accountsDir, spec.logsDir]
        steps.append(DeployStep(
            id: "directories", title: "Directories under \(spec.prefix)", changes: "mkdir -p " + dirs.joined(separator: " "),
            check: dirs.map { "[ -d \(q($0)) ]" }.joined(separator: " && "),
            action: .shell("mkdir -p \(dirs.map(q).joined(separator: " ")) && chown \(u) \(dirs.map(q).joined(separator: " ")) && chmod 700 \(q(spec.keysDir))"),
            undo: "rm -rf \(dirs.dropFirst().map(q).joined(separator: " ")); rmdir \(q(spec.prefix)) 2>/dev/null || true"))

        steps.append(tuningStep(spec))
        steps.append(binaryStep(spec))

        let rel = "releases/" + spec.version
        steps.append(DeployStep(
            id: "activate", title: "Activate release \(spec.version)", changes: "\(spec.currentLink) → \(rel)",
            check: "[ \"$(readlink \(q(spec.currentLink)))\" = \(q(rel)) ]",
            action: .shell("ln -sfn \(q(rel)) \(q(spec.currentLink + ".new")) && mv -Tf \(q(spec.currentLink + ".new")) \(q(spec.currentLink))"),
            undo: "rm -f \(q(spec.currentLink))"))

        steps.append(DeployStep(
            id: "identity", title: "Identity keypair (generated on the host)",
            changes: "new ed25519 keypair \(spec.identityPath) (never copied from this machine)",
            check: "[ -s \(q(spec.identityPath)) ]", action: .shell(identityScript(spec)),
            undo: "rm -f \(q(spec.identityPath))"))

        let unit = ctl.unitFile(spec)
        steps.append(DeployStep(
            id: "service", title: "Service unit \(spec.serviceName)", changes: "write \(ctl.unitPath) and reload",
            check: "printf '%s' \(q(unit)) | cmp -s - \(q(ctl.unitPath))",
            action: .shell("mkdir -p \(q((ctl.unitPath as NSString).deletingLastPathComponent)) && "
                + "printf '%s' \(q(unit)) > \(q(ctl.unitPath + ".tmp")) && mv -f \(q(ctl.unitPath + ".tmp")) \(q(ctl.unitPath)) && "
                + ctl.reloadScript),
            undo: ctl.removeScript))

        steps.append(DeployStep(
            id: "start", title: "Start \(spec.serviceName)", changes: "start the service",
            check: ctl.isActiveScript, action: .shell(ctl.script(.start)), undo: ctl.script(.stop)))

        steps.append(DeployStep(
            id: "health", title: "Health check (getHealth)", changes: "nothing (waits for the node's RPC to answer ok)",
            kind: .readOnly, check: nil, action: .health(url: spec.rpcURL, timeout: spec.healthTimeout), undo: nil,
            timeout: spec.healthTimeout + 5))
        if let m = spec.metrics { steps += MetricsSteps.steps(spec, m) }
        return DeploymentPlan(spec: spec, steps: steps)
    }

    /// Fails with one line per unmet requirement; ports are checked only while the service is down.
    static func requirementsScript(_ spec: DeploymentSpec, activeCheck: String) -> String {
        var s = "fail=0\n"
        if let r = spec.requirements {
            if let c = r.minCPUs { s += "n=$(nproc); [ \"$n\" -ge \(c) ] || { echo \"CPU: $n cores, need \(c)\" >&2; fail=1; }\n" }
            if let m = r.minRAMGB {
                s += "m=$(awk '/MemTotal/ {print int($2/1048576)}' /proc/meminfo); [ \"$m\" -ge \(m) ] || { echo \"RAM: ${m} GB, need \(m) GB\" >&2; fail=1; }\n"
            }
            if let d = r.minDiskGB {
                s += "p=\(Shell.quote(spec.prefix)); while [ ! -d \"$p\" ]; do p=$(dirname \"$p\"); done\n"
                s += "d=$(df -Pk \"$p\" | awk 'NR==2 {print int($4/1048576)}'); [ \"$d\" -ge \(d) ] || { echo \"disk: ${d} GB free, need \(d) GB\" >&2; fail=1; }\n"
            }
        } else {
            s += "echo 'no published hardware minimum for \(spec.svm); not checked'\n"
        }
        if !spec.ports.isEmpty {
            s += "if ! { \(activeCheck); } >/dev/null 2>&1; then\n"
            for p in spec.ports {
                s += "  awk -v p=$(printf '%04X' \(p)) '$4==\"0A\" && substr($2, index($2,\":\")+1)==p {f=1} END {exit !f}' "
                    + "/proc/net/tcp /proc/net/tcp6 2>/dev/null && { echo \"port \(p) is already in use\" >&2; fail=1; }\n"
            }
            s += "fi\n"
        }
        s += "[ $fail = 0 ] && echo 'requirements met'\nexit $fail"
        return s
    }

    /// sysctl and open-file limits; skipped without consent.
    static func tuningStep(_ spec: DeploymentSpec) -> DeployStep {
        let q = Shell.quote
        let sysctlPath = "/etc/sysctl.d/21-osvm-\(spec.serviceName).conf"
        let limitsPath = "/etc/security/limits.d/90-osvm-\(spec.serviceName).conf"
        let sysctl = spec.sysctl.keys.sorted().map { "\($0)=\(spec.sysctl[$0] ?? "")" }.joined(separator: "\n") + "\n"
        let limits = spec.nofileLimit.map { "\(spec.serviceUser) - nofile \($0)\n" } ?? ""
        return DeployStep(
            id: "tuning", title: "Kernel settings and limits (needs consent)",
            changes: "write \(sysctlPath) (\(spec.sysctl.keys.sorted().joined(separator: ", "))) and \(limitsPath); apply with sysctl",
            kind: .consent,
            check: "printf '%s' \(q(sysctl)) | cmp -s - \(q(sysctlPath)) && printf '%s' \(q(limits)) | cmp -s - \(q(limitsPath))",
            action: .shell("printf '%s' \(q(sysctl)) > \(q(sysctlPath)) && printf '%s' \(q(limits)) > \(q(limitsPath)) && sysctl -p \(q(sysctlPath))"),
            undo: "rm -f \(q(sysctlPath)) \(q(limitsPath)); sysctl --system >/dev/null 2>&1 || true")
    }

    /// Upload (scp + SHA-256 on the host) or download on the host.
    static func binaryStep(_ spec: DeploymentSpec) -> DeployStep {
        let q = Shell.quote
        let bin = spec.releaseDir + "/bin/" + spec.binaryName
        switch spec.binary {
        case .upload(let local, let sha):
            return DeployStep(
                id: "binaries", title: "Binaries \(spec.version)", changes: "upload \(local) → \(bin) (sha256 \(sha.prefix(12))…)",
                check: "[ -x \(q(bin)) ] && [ \"$(sha256sum \(q(bin)) | cut -d' ' -f1)\" = \(q(sha)) ]",
                action: .upload(localPath: local, remotePath: bin, sha256: sha),
                undo: "rm -rf \(q(spec.releaseDir))", timeout: 900)
        case .download(let url, let sha):
            let tmp = spec.releasesDir + "/.download-" + spec.version + ".tar.bz2"
            let verify = sha.map { "echo \(q($0 + "  " + tmp)) | sha256sum -c - >/dev/null || { echo 'checksum mismatch' >&2; rm -f \(q(tmp)); exit 1; }" }
                ?? "echo \"unverified download, sha256 $(sha256sum \(q(tmp)) | cut -d' ' -f1)\""
            return DeployStep(
                id: "binaries", title: "Binaries \(spec.version)", changes: "download \(url) → \(spec.releaseDir)" + (sha == nil ? " (no --sha256: unverified)" : ""),
                check: "[ -x \(q(bin)) ]",
                action: .shell("""
                    set -e
                    curl -fsSL --retry 3 -o \(q(tmp)) \(q(url))
                    \(verify)
                    mkdir -p \(q(spec.releaseDir + ".partial"))
                    tar -xjf \(q(tmp)) -C \(q(spec.releaseDir + ".partial")) --strip-components=1
                    rm -f \(q(tmp)); rm -rf \(q(spec.releaseDir)); mv \(q(spec.releaseDir + ".partial")) \(q(spec.releaseDir))
                    """),
                undo: "rm -rf \(q(spec.releaseDir))", timeout: 1800)
        }
    }

    /// solana-keygen when the release has it; otherwise openssl → Solana's 64-byte JSON array.
    static func identityScript(_ spec: DeploymentSpec) -> String {
        let q = Shell.quote
        let out = spec.identityPath
        return """
            set -e
            umask 077
            if [ -x \(q(spec.binDir + "/solana-keygen")) ]; then
              \(q(spec.binDir + "/solana-keygen")) new --no-bip39-passphrase --silent --outfile \(q(out + ".tmp")) >/dev/null
            else
              t=$(mktemp -d)
              openssl genpkey -algorithm ed25519 -outform DER -out "$t/k.der"
              s=$(tail -c 32 "$t/k.der" | od -An -tu1 -v)
              p=$(openssl pkey -inform DER -in "$t/k.der" -pubout -outform DER | tail -c 32 | od -An -tu1 -v)
              rm -rf "$t"
              printf '[%s]' "$(echo $s $p | tr ' ' ',')" > \(q(out + ".tmp"))
            fi
            chown \(q(spec.serviceUser)) \(q(out + ".tmp"))
            mv -f \(q(out + ".tmp")) \(q(out))
            echo "identity keypair written to \(out)"
            """
    }
}
