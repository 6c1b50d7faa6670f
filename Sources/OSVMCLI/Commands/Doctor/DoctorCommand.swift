import ArgumentParser
import Assistant
import Deploy
import Foundation
import OSVMSettings
import OVSMKit

/// `osvm doctor [--fix] [--json]`: pass / warn / fail per check, each with its fix.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Check osvm's set-up (config, keypair, RPC, AI, MCP, ssh, disk, limits, terminal); --fix repairs what is safe.",
        discussion: """
        Exit status 1 when any check fails. --fix applies the safe fixes (file modes, missing
        directories, a default config) after confirmation (--yes skips it) and never touches
        ~/.config/solana; fixes that need root (validator sysctls) are printed, and run only
        with --yes --system.

        Examples:
          osvm doctor
          osvm doctor --json -u devnet
          osvm doctor --fix --yes
          osvm doctor --node rpc-1        # a deployed node, over SSH and RPC, same checks as the monitors
        """)

    @Flag(help: "Apply the safe fixes (after confirmation).") var fix = false
    @Flag(help: "Do not ask for confirmation.") var yes = false
    @Flag(help: "With --fix --yes: also run the fixes that need root.") var system = false
    @Flag(help: "Print one JSON object.") var json = false
    @Option(name: [.customShort("u"), .long], help: "RPC endpoint to check (default: as every command resolves it).") var url: String?
    @Option(help: "Keypair file to check (default: $OSVM_KEYPAIR, then keypair_path).") var keypair: String?
    @Option(help: "Seconds each network check may take.") var timeout: Double = 5
    @Option(help: ArgumentHelp("Check a deployed node (a name from `osvm nodes list`) instead of this machine: service, health, slot advancing, slots behind, disk, memory, log errors, open files, sysctls.", valueName: "NAME"))
    var node: String?

    func run() async throws {
        let flags = Settings.Flags(url: url, keypair: keypair)
        if let node {
            guard !fix else { throw CLIError("--fix works on this machine only; on a node, run the printed fixes (or osvm nodes deploy again)") }
            return try report(try await Self.checkNode(node), changed: [])
        }
        var doctor = Self.doctor(flags, timeout: timeout)
        var results = await doctor.run()
        var changed: [String] = []
        if fix {
            let safe = results.compactMap(\.safeFix)
            let root = results.flatMap { $0.rootFix ?? [] }
            if safe.isEmpty && root.isEmpty {
                if !json { stderrLine("nothing to fix") }
            } else {
                if !yes {
                    guard isatty(0) == 1 else { throw CLIError("--fix changes files: pass --yes to confirm (no terminal to ask)") }
                    stdoutWrite("osvm doctor will: " + safe.map(Self.describe).joined(separator: "; ") + ". Proceed? [y/N] ")
                    guard let a = readLine(), a.lowercased().hasPrefix("y") else { throw ExitCode(1) }
                }
                for f in safe {
                    do { changed.append(try DoctorFixer.apply(f, home: doctor.settings.home)) } catch { stderrLine("error: \(error)") }
                }
                for cmd in root {
                    if yes && system {
                        let status = Self.runRoot(cmd)
                        changed.append("ran `\(cmd)` (exit \(status))")
                    } else if !json {
                        stderrLine("needs root, not run: \(cmd)   (osvm doctor --fix --yes --system runs it)")
                    }
                }
                doctor = Self.doctor(flags, timeout: timeout)
                results = await doctor.run()
            }
        }
        try report(results, changed: changed)
    }

    /// The doctor with the MCP servers probed for real (started, initialized, tools listed).
    static func doctor(_ flags: Settings.Flags, timeout: Double) -> Doctor {
        var d = Doctor.load(flags: flags)
        d.timeout = timeout
        let store = MCPConfigStore(home: d.settings.home)
        d.mcpProbe = { t in
            await MCPProbe.probeAll(try store.load(), timeout: t).map { MCPServerAnswer(name: $0.name, answered: $0.answered, detail: $0.detail) }
        }
        return d
    }

    /// Two readings of a registered node through its monitor, two seconds apart, so that
    /// "slot advancing" has something to compare; the second reading's checks.
    static func checkNode(_ name: String) async throws -> [CheckResult] {
        let record = try NodeRegistry.load().get(name)
        let monitor = record.monitor()
        _ = await monitor.poll()
        try await Task.sleep(nanoseconds: 2_000_000_000)
        let snap = await monitor.poll()
        var out = snap.checks
        for e in snap.errors { out.append(CheckResult("probe", "probe", .warn, e)) }
        return out
    }

    func report(_ results: [CheckResult], changed: [String]) throws {
        let failed = results.contains { $0.status == .fail }
        if json {
            let checks: [Value] = results.map { r in
                var o = OVSMObject([("id", .string(r.id)), ("title", .string(r.title)), ("status", .string(r.status.rawValue)),
                                    ("detail", .string(r.detail))])
                o["fix"] = r.fix.map { .string($0) } ?? .null
                return .object(o)
            }
            print(try jsonLine(.object(OVSMObject([("ok", .bool(!failed)), ("checks", .array(checks)),
                                                   ("changed", .array(changed.map { .string($0) }))]))))
        } else {
            for c in changed { print("fixed: \(c)") }
            for r in results {
                print("\(r.status.rawValue.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0)) \(r.title.padding(toLength: 18, withPad: " ", startingAt: 0)) \(r.detail)")
                if r.status != .pass, let f = r.fix { print("      fix: \(f)") }
            }
            let n = { (s: CheckResult.Status) in results.filter { $0.status == s }.count }
            print("\(n(.pass)) passed, \(n(.warn)) warnings, \(n(.fail)) failed, \(n(.skip)) skipped")
        }
        if failed { throw ExitCode(1) }
    }

    static func describe(_ f: SafeFix) -> String {
        switch f {
        case .chmod(let p, let m): return "chmod \(String(m, radix: 8)) \(p)"
        case .makeDirectory(let p): return "mkdir \(p)"
        case .writeDefaultConfig(let p): return "write a default \(p)"
        }
    }

    static func runRoot(_ cmd: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", cmd]
        do { try p.run() } catch { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }
}
