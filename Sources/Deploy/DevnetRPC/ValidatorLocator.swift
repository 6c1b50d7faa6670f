import Foundation

/// Finds the `agave-validator` to run: an explicit path (flag, environment or config
/// file, already resolved by the caller) must be an executable file; otherwise PATH is
/// searched, then the Agave installer's own location.
public enum ValidatorLocator {
    public static let programName = "agave-validator"

    /// - Parameters:
    ///   - configured: the path from `--validator-bin` / `OSVM_VALIDATOR_BIN` / `validator_bin`,
    ///     with where it came from (for the error).
    public static func locate(configured: (path: String, origin: String)?,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws(DeployError) -> String {
        let fm = FileManager.default
        if let (path, origin) = configured {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw .local("agave-validator not found at \(path) (from \(origin))")
            }
            guard !isDir.boolValue, fm.isExecutableFile(atPath: path) else {
                throw .local("\(path) (from \(origin)) is not an executable file")
            }
            return path
        }
        var dirs = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        // agave-install puts the active release here and tells the user to add it to PATH;
        // a shell that has not been restarted yet does not have it.
        if let home = environment["HOME"], !home.isEmpty {
            dirs.append(home + "/.local/share/solana/install/active_release/bin")
        }
        for dir in dirs where !dir.isEmpty {
            let p = dir + "/" + programName
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: p, isDirectory: &isDir), !isDir.boolValue, fm.isExecutableFile(atPath: p) { return p }
        }
        throw .local(missingMessage)
    }

    /// What to do when there is no validator binary.
    public static let missingMessage = """
        agave-validator not found (looked on PATH and in ~/.local/share/solana/install/active_release/bin).
          Install Agave (Anza's installer, https://docs.anza.xyz/cli/install):
            \(DevnetCluster.installCommand)
          then open a new shell (or add ~/.local/share/solana/install/active_release/bin to PATH),
          or point osvm at a binary: --validator-bin PATH, OSVM_VALIDATOR_BIN, or validator_bin in config.yml.
          A devnet node needs a large machine (see Anza's validator requirements); to run one on a
          server instead: osvm user@host --svm solana --node-type rpc --network devnet
        """
}
