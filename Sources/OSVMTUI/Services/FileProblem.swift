import Foundation

/// File errors in plain words ("no such file", "permission denied") instead of
/// `NSCocoaErrorDomain Code=260 …`: the workbench shows these in its footer and Log.
enum FileProblem {
    static func isMissing(_ path: String) -> Bool {
        !FileManager.default.fileExists(atPath: path)
    }

    static func describe(_ error: Error, path: String, writing: Bool = false) -> String {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let dir = (path as NSString).deletingLastPathComponent
        if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { return "is a directory" }
        if writing {
            if !dir.isEmpty, !fm.fileExists(atPath: dir) { return "no such directory \(dir)" }
            if fm.fileExists(atPath: path), !fm.isWritableFile(atPath: path) { return "permission denied" }
            if !dir.isEmpty, !fm.isWritableFile(atPath: dir) { return "permission denied (directory \(dir))" }
        } else {
            if !fm.fileExists(atPath: path) { return "no such file" }
            if !fm.isReadableFile(atPath: path) { return "permission denied" }
            let ns = error as NSError
            if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadInapplicableStringEncodingError || ns.code == NSFileReadCorruptFileError {
                return "not UTF-8 text"
            }
        }
        if let e = error as? ServiceError { return e.description }
        let ns = error as NSError
        if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(u.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return writing ? "cannot write the file" : "cannot read the file"
    }
}
