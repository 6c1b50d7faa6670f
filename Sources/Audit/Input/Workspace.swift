import Foundation

/// The Rust sources under an audited path: every crate (directories with a Cargo.toml, Anchor's
/// `programs/*` included) and loose `.rs` files; build output, VCS data and test-only code skipped.
public struct Workspace: Sendable {
    public let root: String
    /// Absolute paths of the `.rs` files to audit, sorted.
    public let files: [String]
    /// Crate directories relative to `root` ("." for the root crate).
    public let crates: [String]
    /// A Cargo.toml here sets `overflow-checks = true` for release builds.
    public let overflowChecks: Bool

    static let skippedDirectories: Set<String> = ["target", ".git", "node_modules", ".anchor", "tests", "benches", ".build", "fuzz"]

    public static func discover(_ path: String) throws -> Workspace {
        var isDir: ObjCBool = false
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDir) else {
            throw AuditError.input("no such file or directory: \(path)")
        }
        if !isDir.boolValue {
            guard absolute.hasSuffix(".rs") else { throw AuditError.input("not a Rust file or directory: \(path)") }
            return Workspace(root: (absolute as NSString).deletingLastPathComponent, files: [absolute], crates: [],
                             overflowChecks: false)
        }
        var files: [String] = [], crates: [String] = [], overflow = false
        var stack = [absolute]
        while let dir = stack.popLast() {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for name in entries.sorted() {
                let full = dir + "/" + name
                var sub: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &sub) else { continue }
                if sub.boolValue {
                    // Symbolic links to directories are not followed (cycles); hidden directories skipped.
                    let attrs = try? FileManager.default.attributesOfItem(atPath: full)
                    if attrs?[.type] as? FileAttributeType == .typeSymbolicLink { continue }
                    if !skippedDirectories.contains(name) && !name.hasPrefix(".") { stack.append(full) }
                } else if name.hasSuffix(".rs") {
                    files.append(full)
                } else if name == "Cargo.toml" {
                    let text = (try? String(contentsOfFile: full, encoding: .utf8)) ?? ""
                    if text.contains("[package]") { crates.append(relative(dir, to: absolute)) }
                    if setsOverflowChecks(text) { overflow = true }
                }
            }
        }
        return Workspace(root: absolute, files: files.sorted(), crates: crates.sorted(), overflowChecks: overflow)
    }

    /// `[profile.release] overflow-checks = true`.
    static func setsOverflowChecks(_ toml: String) -> Bool {
        var section = ""
        for raw in toml.split(whereSeparator: \.isNewline) {
            let line = compact(String(raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""))
            if line.hasPrefix("[") { section = line; continue }
            if section == "[profile.release]" && line == "overflow-checks=true" { return true }
        }
        return false
    }

    public func relative(_ path: String) -> String { Self.relative(path, to: root) }

    static func relative(_ path: String, to root: String) -> String {
        if path == root { return "." }
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
