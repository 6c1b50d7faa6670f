import Testing
@testable import Deploy

@Suite struct TargetTests {
    @Test func parsesPlainTargets() throws {
        let t = try SSHTarget.parse("root@10.0.0.5")
        #expect(t == SSHTarget(user: "root", host: "10.0.0.5", port: 22))
        #expect(try SSHTarget.parse("sol@node-1.example.com:2222").port == 2222)
        #expect(try SSHTarget.parse("a@Host").host == "host")
    }

    @Test func parsesIPv6() throws {
        let t = try SSHTarget.parse("sol@[2001:db8::1]:2200")
        #expect(t.host == "2001:db8::1" && t.port == 2200)
        #expect(t.scpDestination == "sol@[2001:db8::1]")
        #expect(try SSHTarget.parse("u@[::1]").port == 22)
    }

    @Test func rejectsBadTargets() {
        for bad in ["host", "@host", "u@", "u@h:0", "u@h:70000", "u@h:x", "u@2001:db8::1", "u@[2001:db8::1", "u@[zz]:1",
                    "u b@h", "u@-h", "u@h;rm"] {
            #expect(throws: DeployError.self, "\(bad)") { try SSHTarget.parse(bad) }
        }
    }

    @Test func errorIsOneLine() {
        do { _ = try SSHTarget.parse("u@h:99999"); Issue.record("no error") } catch {
            #expect("\(error)" == "invalid target 'u@h:99999': port '99999' is not a number in 1...65535")
        }
    }
}
