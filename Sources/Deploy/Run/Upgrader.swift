import Foundation

/// Hot-swap upgrade: install the new release beside the old one, switch the `current`
/// symlink, restart, health-check; on failure switch back, restart and check again.
///
///     let up = Upgrader(shell: ssh) { print($0) }
///     try await up.upgrade(spec, to: "2.2.2", binary: .upload(localPath: p, sha256: s))
public struct Upgrader: Sendable {
    public let shell: any RemoteShell
    public let log: @Sendable (String) -> Void

    public init(shell: any RemoteShell, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.shell = shell
        self.log = log
    }

    /// Returns the upgraded spec; throws after switching back when the new release is unhealthy.
    public func upgrade(_ old: DeploymentSpec, to version: String, binary: BinarySource) async throws -> DeploymentSpec {
        let q = Shell.quote
        var new = old
        new.version = version
        new.binary = binary
        let ctl = ServiceControl(manager: old.serviceManager, name: old.serviceName)
        let previous = try await shell.check("readlink", "readlink \(q(old.currentLink))").trimmingCharacters(in: .whitespacesAndNewlines)
        let deployer = Deployer(shell: shell, store: JournalStore(directory: NSTemporaryDirectory()))
        log("installing \(version) beside \(previous)")
        _ = try await deployer.perform(PlanBuilder.binaryStep(new), index: 0)
        do {
            try await switchTo("releases/" + version, spec: new, ctl: ctl)
            let v = try await Deployer.waitHealthy(url: new.rpcURL, timeout: new.healthTimeout)
            log("upgraded to \(version); node healthy (version \(v))")
            return new
        } catch {
            log("new release failed (\(error)); switching back to \(previous)")
            try await switchTo(previous, spec: old, ctl: ctl)
            _ = try await Deployer.waitHealthy(url: old.rpcURL, timeout: old.healthTimeout)
            throw DeployError.stepFailed("upgrade to \(version)", "unhealthy, switched back to \(previous): \(error)")
        }
    }

    func switchTo(_ release: String, spec: DeploymentSpec, ctl: ServiceControl) async throws {
        let q = Shell.quote
        log("switching \(spec.currentLink) → \(release) and restarting")
        try await shell.check("switch release", "ln -sfn \(q(release)) \(q(spec.currentLink + ".new")) && mv -Tf \(q(spec.currentLink + ".new")) \(q(spec.currentLink)) && " + ctl.script(.restart))
    }
}
