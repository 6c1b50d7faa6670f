import Foundation
import OSVMSettings
import Testing

/// Real Foundation failures (not hand-made NSErrors) come out as plain words naming the file.
@Suite struct PlainErrorTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "osvm-plain-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    /// Nothing of Foundation's vocabulary leaks.
    func isPlain(_ s: String) -> Bool {
        !["Domain", "Code=", "NSCocoa", "NSURL", "NSPOSIX", "error 256", "couldn’t", "UserInfo"].contains { s.contains($0) }
    }

    func failure(_ body: () throws -> Void) -> (any Error)? {
        do { try body(); return nil } catch { return error }
    }

    @Test func missingFile() throws {
        let path = dir + "/id.json"
        let e = try #require(failure { _ = try Data(contentsOf: URL(fileURLWithPath: path)) })
        #expect(PlainError.reason(e) == "no such file")
        #expect(PlainError.file("read", path, e) == "cannot read \(path): no such file")
        #expect(PlainError.describe(e) == "cannot read \(path): no such file")
        let s = try #require(failure { _ = try String(contentsOfFile: path, encoding: .utf8) })
        #expect(PlainError.reason(s) == "no such file")
    }

    @Test func directoryReadAsAFile() throws {
        let e = try #require(failure { _ = try Data(contentsOf: URL(fileURLWithPath: dir)) })
        #expect(PlainError.reason(e) == "is a directory")
        #expect(PlainError.describe(e) == "cannot read \(dir): is a directory")
    }

    @Test func parentIsNotADirectory() throws {
        let file = dir + "/plain"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let e = try #require(failure { try Data("y".utf8).write(to: URL(fileURLWithPath: file + "/child")) })
        #expect(PlainError.reason(e) == "a parent is not a directory")
        #expect(PlainError.describe(e) == "cannot write \(file)/child: a parent is not a directory")
        let mk = try #require(failure { try FileManager.default.createDirectory(atPath: file + "/sub", withIntermediateDirectories: true) })
        #expect(isPlain(PlainError.file("create directory", file + "/sub", mk)))
    }

    @Test func invalidUTF8() throws {
        let file = dir + "/bad.txt"
        try Data([0xFF, 0xFE, 0xC3]).write(to: URL(fileURLWithPath: file))
        let e = try #require(failure { _ = try String(contentsOfFile: file, encoding: .utf8) })
        #expect(PlainError.reason(e).contains("not valid UTF-8 text"))
        #expect(isPlain(PlainError.describe(e)))
        #expect(PlainError.file("read", file, e).hasPrefix("cannot read \(file): not valid UTF-8"))
    }

    @Test func missingExecutable() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: dir + "/no-such-tool")
        let e = try #require(failure { try p.run() })
        #expect(PlainError.reason(e) == "no such file")
    }

    @Test func permissionDenied() throws {
        let file = dir + "/secret"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        chmod(file, 0)
        defer { chmod(file, 0o600) }
        guard access(file, R_OK) != 0 else { return }   // root reads anything: nothing to deny
        let e = try #require(failure { _ = try Data(contentsOf: URL(fileURLWithPath: file)) })
        #expect(PlainError.reason(e) == "permission denied")
    }

    @Test func decodingAndJSON() throws {
        struct Config: Decodable { let url: String }
        let d = try #require(failure { _ = try JSONDecoder().decode(Config.self, from: Data("{}".utf8)) })
        #expect(PlainError.reason(d) == "missing key 'url'")
        let j = try #require(failure { _ = try JSONSerialization.jsonObject(with: Data("{".utf8)) })
        #expect(isPlain(PlainError.describe(j)))
    }

    @Test func ourOwnErrorsPassThrough() {
        #expect(PlainError.describe(SettingsError("config.yml:3: bad value")) == "config.yml:3: bad value")
        #expect(PlainError.reason(SettingsError("x")) == "x")
        #expect(PlainError.describe(POSIXError(.ENOSPC)) == "no space left on device")
        #expect(PlainError.describe(URLError(.badURL)) == "network error (URL error -1000)")
    }
}
