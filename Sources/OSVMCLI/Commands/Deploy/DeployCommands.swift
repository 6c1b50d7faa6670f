import ArgumentParser
import Deploy
import Foundation
import OSVMSettings

/// The deployment commands the root `osvm` command registers.
let deploySubcommands: [any ParsableCommand.Type] = [NodesCommand.self, SVMCommand.self, ProgramDeployCommand.self, ProgramCommand.self]

/// Node deployment lives at `osvm nodes deploy user@host …`; two shorthands reach it:
/// `osvm user@host …`, and `osvm deploy user@host …` (its old place, now program deployment).
/// `deploy`'s argument is a node target when it looks like `user@host[:port]` (an `@`, no
/// `/`, no space) and no file of that name exists; anything else is a program file.
/// nil when the arguments are neither.
func deployShorthand(_ args: [String]) -> [String]? {
    guard let first = args.first else { return nil }
    if SSHTarget.looksLikeTarget(first) { return ["nodes", "deploy"] + args }
    if first == "deploy", let target = args.dropFirst().first(where: { !$0.hasPrefix("-") }),
       SSHTarget.looksLikeTarget(target), !FileManager.default.fileExists(atPath: target) {
        deployErr("note: node deployment moved to `osvm nodes deploy \(target) …`; `osvm deploy FILE` deploys programs")
        return ["nodes"] + args
    }
    return nil
}

/// Runs a deploy command body: input errors → one line, exit 2; other failures → one line, exit 1.
func deployRun(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let e as ExitCode {
        throw e
    } catch let e as DeployError {
        deployErr("error: \(e.description)")
        switch e {
        case .badTarget, .badValue: throw ExitCode(2)
        default: throw ExitCode(1)
        }
    } catch {
        deployErr("error: \(PlainError.describe(error))")
        throw ExitCode(1)
    }
}

func deployErr(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

/// Prints a line and flushes (progress must show while steps run).
func deployOut(_ s: String) {
    FileHandle.standardOutput.write(Data((s + "\n").utf8))
}

/// `-i KEY`, `--known-hosts FILE`, `--connect-timeout N`, shared by deploy and nodes.
struct SSHFlags: ParsableArguments {
    @Option(name: .customShort("i"), help: "SSH private key (default: your ssh agent and config).")
    var identity: String?

    @Option(name: .customLong("known-hosts"), help: "known_hosts file (default: ~/.ssh/known_hosts). Host keys are always checked.")
    var knownHosts: String?

    @Option(name: .customLong("connect-timeout"), help: "Seconds to wait for the SSH connection.")
    var connectTimeout: Int = 10

    func options() -> SSHOptions {
        SSHOptions(identityFile: identity, knownHostsFile: knownHosts, connectTimeout: connectTimeout)
    }
}

/// `osvm svm list|get NAME`.
struct SVMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "svm", abstract: "Known SVMs osvm can deploy.", subcommands: [List.self, Get.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the known SVMs.")
        func run() async throws {
            for d in SVMCatalog.all {
                deployOut("\(d.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(d.displayName.padding(toLength: 16, withPad: " ", startingAt: 0)) "
                    + "\(d.nodeTypes.map(\.rawValue).joined(separator: ",").padding(toLength: 14, withPad: " ", startingAt: 0)) \(d.summary)")
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show what osvm knows about one SVM.")
        @Argument(help: "SVM name (solana, sonic, eclipse, soon).") var name: String
        func run() async throws {
            try await deployRun {
                let d = try SVMCatalog.get(name)
                deployOut("\(d.displayName) (\(d.name))\n  \(d.summary)\n  homepage: \(d.homepage)")
                deployOut("  node types: \(d.nodeTypes.map(\.rawValue).joined(separator: ", "))")
                deployOut("  binary: \(d.binaryName); release: \(d.releaseURL ?? "none known (use --binary or --release-url)")")
                for (net, info) in d.networks.sorted(by: { $0.key < $1.key }) {
                    if let pin = PinnedReleases.release(svm: d.name, network: net) {
                        deployOut("  \(net): default release \(pin.version) (pinned \(pin.pinnedOn)\(pin.sha256.map { ", sha256 \($0.prefix(16))…" } ?? ""))")
                    }
                    deployOut("  \(net): entrypoints \(info.entrypoints.joined(separator: " ")); genesis \(info.genesisHash ?? "?"); reference RPC \(info.referenceRPC ?? "-")")
                }
                for t in d.nodeTypes {
                    if let r = d.requirements[t] {
                        deployOut("  \(t.rawValue) requirements: \(r.minCPUs.map { "\($0) CPUs" } ?? "-"), \(r.minRAMGB.map { "\($0) GB RAM" } ?? "-"), \(r.minDiskGB.map { "\($0) GB disk" } ?? "-") (\(r.source ?? ""))")
                    }
                }
                if !d.notes.isEmpty { deployOut("  notes: \(d.notes)") }
            }
        }
    }
}
