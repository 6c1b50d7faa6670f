import Foundation
import Testing
@testable import Deploy

@Suite struct SSHErrorTests {
    /// Runs `echo ok` with `options` against the fixture and returns the error and elapsed seconds.
    func attempt(_ target: SSHTarget, _ options: SSHOptions) async -> (DeployError?, Double) {
        let t0 = Date()
        do {
            _ = try await SSHClient(target: target, options: options).run("echo ok", timeout: 15, onLine: nil)
            return (nil, Date().timeIntervalSince(t0))
        } catch {
            return (error as? DeployError, Date().timeIntervalSince(t0))
        }
    }

    @Test(.enabled(if: haveSSHD, Comment(rawValue: skipNote)))
    func clearErrors() async throws {
        let fx = try SSHDFixture(supervisor: false)
        defer { fx.stop() }
        // Works with the right key; output streams line by line.
        let lines = EventLog()
        let r = try await fx.client.run("echo one; echo two >&2; exit 4", timeout: 15) { lines.add(.output(index: 0, line: $0)) }
        #expect(r.status == 4 && r.stdout == "one" && r.stderr == "two")
        #expect(lines.events.withLock { $0.count } == 2)
        // Wrong key.
        sh("ssh-keygen -q -t ed25519 -N '' -f \(fx.dir)/otherkey")
        var wrong = fx.options
        wrong.identityFile = fx.dir + "/otherkey"
        let (e1, t1) = await attempt(fx.target, wrong)
        #expect(e1 == .authenticationFailed(fx.target.description) && t1 < 6)
        // Refused connection.
        let closed = SSHTarget(user: "root", host: "127.0.0.1", port: freePort())
        let (e2, t2) = await attempt(closed, fx.options)
        #expect(e2 == .connectionRefused(closed.description) && t2 < 6)
        // Unknown host key.
        var unknown = fx.options
        unknown.knownHostsFile = fx.dir + "/empty_known_hosts"
        let (e3, t3) = await attempt(fx.target, unknown)
        #expect(e3 == .unknownHostKey(fx.target.description) && t3 < 6)
        #expect(e3?.description.contains("unknown host key") == true)
    }
}
