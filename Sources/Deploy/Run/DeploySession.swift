import Foundation

/// What every front end (the CLI, the workbench) does between a request and a plan, and
/// after a successful run: validate locally, ask the host which supervisor it has, build
/// the plan; register the node.
///
///     let (plan, ssh) = try await DeploySession.plan(request, ssh: options, dryRun: false) { print($0) }
///     try await Deployer(shell: ssh, store: .standard()).run(plan)
///     let name = try DeploySession.register(plan.spec, ssh: options, name: nil)
public enum DeploySession {
    /// Validates `request` (a bad target, SVM or network throws before anything connects),
    /// probes the host and builds the plan. A dry run whose host cannot be reached shows the
    /// plan for systemd (`note` says so).
    public static func plan(_ request: DeployRequest, ssh: SSHOptions, dryRun: Bool,
                            note: @Sendable (String) -> Void = { _ in }) async throws -> (DeploymentPlan, SSHClient) {
        var spec = try request.spec()
        let client = SSHClient(target: spec.target, options: ssh)
        do {
            spec.serviceManager = try await HostFacts.probe(client, path: spec.prefix).resolve(spec.serviceManager)
        } catch where dryRun {
            note("host not checked (\(error)); showing the plan for systemd")
            spec.serviceManager = .systemd
        }
        return (PlanBuilder.plan(for: spec), client)
    }

    /// `svm-type-network@host`.
    public static func defaultName(_ spec: DeploymentSpec) -> String {
        "\(spec.svm)-\(spec.nodeType.rawValue)-\(spec.network)@\(spec.target.host)"
    }

    /// Adds (or replaces) the deployed node in the registry; returns its name.
    @discardableResult
    public static func register(_ spec: DeploymentSpec, ssh: SSHOptions, name: String?,
                                registryPath: String = NodeRegistry.standardPath()) throws -> String {
        var reg = try NodeRegistry.load(registryPath)
        let nodeName = name ?? defaultName(spec)
        reg.upsert(NodeRecord(name: nodeName, target: spec.target, ssh: ssh, spec: spec))
        try reg.save()
        return nodeName
    }
}
