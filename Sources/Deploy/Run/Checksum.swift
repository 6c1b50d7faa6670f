import Chain
import Foundation

/// SHA-256 of local files, compared with `sha256sum` on the host after upload.
public enum Checksum {
    /// Lower-case hex SHA-256 of the file at `path`.
    public static func sha256(file path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DeployError.local("cannot read \(path)")
        }
        return Ed25519.sha256([UInt8](data)).map { String(format: "%02x", $0) }.joined()
    }
}
