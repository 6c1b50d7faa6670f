import Deploy
import Foundation
import Testing

/// File checksums (OVSMKit's SHA256, streamed) agree with coreutils' `sha256sum`, the tool
/// the host runs after upload, and fail in plain words.
@Suite struct ChecksumTests {
    func tempDir() throws -> String {
        let d = NSTemporaryDirectory() + "osvm-sum-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    func sha256sum(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    @Test func agreesWithSha256sumAcrossReadBoundaries() throws {
        let dir = try tempDir()
        // Empty, one byte, and sizes around the 1 MiB read size.
        for size in [0, 1, 64, (1 << 20) - 1, 1 << 20, (1 << 20) + 65, 3 << 20] {
            let path = dir + "/f\(size)"
            var bytes = [UInt8](repeating: 0, count: size)
            for i in 0..<size { bytes[i] = UInt8(truncatingIfNeeded: i &* 2654435761 >> 7) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(try Checksum.sha256(file: path) == sha256sum(path), "size \(size)")
        }
    }

    @Test func plainErrors() throws {
        let dir = try tempDir()
        #expect(throws: DeployError.local("cannot read \(dir)/none: no such file")) { try Checksum.sha256(file: dir + "/none") }
        #expect(throws: DeployError.local("cannot read \(dir): is a directory")) { try Checksum.sha256(file: dir) }
    }
}
