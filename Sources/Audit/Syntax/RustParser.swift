import Foundation

/// The outcome of parsing one file.
public struct ParsedFile: Sendable {
    public enum Status: Sendable, Equatable { case ok, syntaxError(line: Int, column: Int), unreadable }
    public let path: String
    public let status: Status
    public let tree: SyntaxTree
}

public enum AuditError: Error, CustomStringConvertible, Equatable {
    case parserUnavailable(String)
    case parserFailed(String)
    case input(String)

    public var description: String {
        switch self {
        case .parserUnavailable(let s), .parserFailed(let s), .input(let s): return s
        }
    }
}

/// Parses Rust files with tree-sitter through the embedded Python front end (ParserScript):
/// one `python` process for the whole run, file paths in, numeric pre-order trees out.
/// See docs/AUDIT.md, "Parser".
public struct RustParser: Sendable {
    public let python: String

    /// The pinned front-end packages (`osvm audit --setup` and scripts/test.sh install them).
    public static let packages = ["tree-sitter>=0.25,<0.27", "tree-sitter-rust>=0.24,<0.25"]

    public init(python: String) { self.python = python }

    /// Where `osvm audit --setup` puts its virtual environment.
    public static func defaultVenv(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return data + "/osvm/audit-venv"
    }

    /// The interpreter to use: $OSVM_AUDIT_PYTHON, the setup venv, else `python3` on PATH if it
    /// has the packages. Nil when none can parse Rust.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> RustParser? {
        var candidates: [String] = []
        if let p = environment["OSVM_AUDIT_PYTHON"], !p.isEmpty { candidates.append(p) }
        candidates.append(defaultVenv(environment: environment) + "/bin/python")
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            candidates.append(dir + "/python3")
        }
        for c in candidates where FileManager.default.isExecutableFile(atPath: c) {
            if hasPackages(c) { return RustParser(python: c) }
        }
        return nil
    }

    static func hasPackages(_ python: String) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "import tree_sitter, tree_sitter_rust"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// Creates the venv and installs the packages (pip output goes to `log`).
    public static func setup(environment: [String: String] = ProcessInfo.processInfo.environment,
                             log: FileHandle = .standardError) throws -> RustParser {
        let venv = defaultVenv(environment: environment)
        try FileManager.default.createDirectory(atPath: (venv as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try run("/usr/bin/env", ["python3", "-m", "venv", venv], log: log)
        try run(venv + "/bin/python", ["-m", "pip", "install", "-q", "--disable-pip-version-check"] + packages, log: log)
        return RustParser(python: venv + "/bin/python")
    }

    private static func run(_ exe: String, _ args: [String], log: FileHandle) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.standardOutput = log
        p.standardError = log
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { throw AuditError.parserUnavailable("cannot run \(exe): \(error.localizedDescription)") }
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            throw AuditError.parserUnavailable("`\(([exe] + args).joined(separator: " "))` failed (exit \(p.terminationStatus))")
        }
    }

    /// Parses `paths` (absolute) in one front-end run; results in the same order.
    public func parse(_ paths: [String]) throws -> [ParsedFile] {
        if paths.isEmpty { return [] }
        let dir = NSTemporaryDirectory() + "osvm-audit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/parse_rust.py", input = dir + "/files", output = dir + "/trees", errors = dir + "/err"
        try Data(ParserScript.source.utf8).write(to: URL(fileURLWithPath: script))
        try Data((paths.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: input))
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script]
        p.standardInput = FileHandle(forReadingAtPath: input)
        p.standardOutput = FileHandle(forWritingAtPath: output)
        p.standardError = FileHandle(forWritingAtPath: errors)
        do { try p.run() } catch {
            throw AuditError.parserUnavailable("cannot run \(python): \(error.localizedDescription)")
        }
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            let err = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            if p.terminationStatus == 3 { throw AuditError.parserUnavailable(err.trimmingCharacters(in: .whitespacesAndNewlines)) }
            throw AuditError.parserFailed("the Rust front end failed (exit \(p.terminationStatus)): \(err.suffix(500))")
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
        return try Self.decode(bytes, paths: paths)
    }

    /// Reads the front end's output (format in ParserScript) with byte-level number parsing.
    static func decode(_ out: [UInt8], paths: [String]) throws -> [ParsedFile] {
        var files: [ParsedFile] = []
        var names: [String] = ["-"]
        var tree: SyntaxTree? = nil
        var status = ParsedFile.Status.ok
        var stack: [Int32] = []
        var nums = [Int32](repeating: 0, count: 8)
        var i = 0
        let n = out.count
        func lineEnd(_ from: Int) -> Int { var j = from; while j < n && out[j] != 10 { j += 1 }; return j }
        while i < n {
            let end = lineEnd(i)
            let c = out[i]
            if c == UInt8(ascii: "N") {
                let parts = String(decoding: out[i..<end], as: UTF8.self).split(separator: "\t", maxSplits: 2)
                if parts.count == 3 { names.append(String(parts[2])) }
            } else if c == UInt8(ascii: "F") {
                guard files.count < paths.count else { throw AuditError.parserFailed("front end: more trees than files") }
                let parts = String(decoding: out[i..<end], as: UTF8.self).split(separator: "\t")
                let path = paths[files.count]
                let source = (try? Data(contentsOf: URL(fileURLWithPath: path))).map { [UInt8]($0) } ?? []
                let t = SyntaxTree(source: source)
                t.names = names
                tree = t
                stack.removeAll(keepingCapacity: true)
                switch parts.count > 1 ? parts[1] : "" {
                case "ok": status = .ok
                case "syntax":
                    status = .syntaxError(line: (Int(parts[2]) ?? 0) + 1, column: (Int(parts[3]) ?? 0) + 1)
                default: status = .unreadable
                }
            } else if c == UInt8(ascii: "E") {
                guard let t = tree else { throw AuditError.parserFailed("front end: tree end without start") }
                t.finish(stack: &stack)
                t.names = names
                for (k, v) in names.enumerated() where t.nameIDs[v] == nil { t.nameIDs[v] = Int32(k) }
                files.append(ParsedFile(path: paths[files.count], status: status, tree: t))
                tree = nil
            } else if let t = tree {
                var k = 0, v: Int32 = 0, j = i
                while j < end && k < 8 {
                    let b = out[j]
                    if b == 9 { nums[k] = v; k += 1; v = 0 } else { v = v &* 10 &+ Int32(b &- 48) }
                    j += 1
                }
                if k < 8 { nums[k] = v; k += 1 }
                guard k == 8 else { throw AuditError.parserFailed("front end: malformed node line") }
                t.append(depth: Int(nums[0]), kind: nums[1], field: nums[2], op: nums[7], start: nums[3], end: nums[4],
                         row: nums[5], col: nums[6], stack: &stack)
            }
            i = end + 1
        }
        guard files.count == paths.count else { throw AuditError.parserFailed("front end: \(files.count) trees for \(paths.count) files") }
        return files
    }
}
