import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Foundation's errors in words a user can act on. `NSCocoaErrorDomain error 256`,
/// `Code=260 "The file “id.json” couldn’t be opened"` and `NSURLErrorDomain error -1000`
/// say nothing about what to fix; every message osvm prints about a file names the file
/// and the reason:
///
///     PlainError.file("read", "/x/id.json", error)   // "cannot read /x/id.json: no such file"
///     PlainError.reason(error)                        // "no such file"
///     PlainError.describe(error)                      // any error as one plain line
public enum PlainError {
    /// "cannot <verb> <path>: <reason>".
    public static func file(_ verb: String, _ path: String, _ error: any Error) -> String {
        "cannot \(verb) \(path): \(reason(error))"
    }

    /// Why a file, process or decoding operation failed, without path: "no such file",
    /// "permission denied", "is a directory", "not valid UTF-8 text", …
    public static func reason(_ error: any Error) -> String {
        if let p = error as? POSIXError { return posix(p.code.rawValue) }
        if let d = error as? DecodingError { return decoding(d) }
        let ns = error as NSError
        // Foundation puts the errno under the Cocoa error (256 "unknown", 512 "write failed").
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? POSIXError { return posix(underlying.code.rawValue) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return posix(Int32(underlying.code))
        }
        switch ns.domain {
        case NSPOSIXErrorDomain: return posix(Int32(ns.code))
        case NSCocoaErrorDomain: return cocoa(ns.code)
        case NSURLErrorDomain: return "network error (URL error \(ns.code))"
        default: break
        }
        // Our own error types already speak plainly; a bare NSError does not.
        if type(of: error) is NSError.Type { return "unexpected error (\(ns.domain) \(ns.code))" }
        return "\(error)"
    }

    /// Any error as one line: our errors as they describe themselves, Foundation's file
    /// errors as "cannot read <path>: <reason>" when they name a path.
    public static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        let foundation = error is POSIXError || error is DecodingError
            || [NSCocoaErrorDomain, NSPOSIXErrorDomain, NSURLErrorDomain].contains(ns.domain)
        guard foundation else {
            let text = "\(error)"
            return text.split(separator: "\n").first.map(String.init) ?? text
        }
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        guard let path else { return reason(error) }
        let verb: String
        switch ns.code {
        case 512...640, 642: verb = "write"
        default: verb = "read"
        }
        return file(verb, path, error)
    }

    static func posix(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "is a directory"
        case ENOTDIR: return "a parent is not a directory"
        case EEXIST: return "already exists"
        case ENOSPC: return "no space left on device"
        case EROFS: return "read-only file system"
        case ELOOP: return "too many symbolic links"
        case ENAMETOOLONG: return "name too long"
        case EMFILE, ENFILE: return "too many open files"
        case ENOEXEC: return "not an executable"
        default: return String(cString: strerror(code)).lowercased()
        }
    }

    static func cocoa(_ code: Int) -> String {
        switch code {
        case CocoaError.fileNoSuchFile.rawValue, CocoaError.fileReadNoSuchFile.rawValue: return "no such file"
        case CocoaError.fileReadNoPermission.rawValue, CocoaError.fileWriteNoPermission.rawValue: return "permission denied"
        case CocoaError.fileReadInapplicableStringEncoding.rawValue, CocoaError.fileWriteInapplicableStringEncoding.rawValue:
            return "not valid UTF-8 text"
        case CocoaError.fileReadUnsupportedScheme.rawValue, CocoaError.fileWriteUnsupportedScheme.rawValue:
            return "not a local file"
        case CocoaError.fileReadTooLarge.rawValue: return "file too large"
        case CocoaError.fileWriteFileExists.rawValue: return "already exists"
        case CocoaError.fileWriteOutOfSpace.rawValue: return "no space left on device"
        case CocoaError.fileWriteVolumeReadOnly.rawValue: return "read-only file system"
        // String(contentsOfFile:encoding:) reports bytes that are not UTF-8 this way.
        case CocoaError.fileReadCorruptFile.rawValue: return "not valid UTF-8 text or not in the expected format"
        case CocoaError.propertyListReadCorrupt.rawValue: return "not valid JSON"
        case CocoaError.fileLocking.rawValue: return "file is locked"
        case CocoaError.coderReadCorrupt.rawValue, CocoaError.coderValueNotFound.rawValue: return "invalid data"
        default: return "file error (code \(code))"
        }
    }

    static func decoding(_ e: DecodingError) -> String {
        func at(_ c: DecodingError.Context) -> String {
            let path = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "" : " at \(path)"
        }
        switch e {
        case .keyNotFound(let k, let c): return "missing key '\(k.stringValue)'\(at(c))"
        case .typeMismatch(let t, let c): return "expected \(t)\(at(c))"
        case .valueNotFound(let t, let c): return "missing \(t) value\(at(c))"
        case .dataCorrupted(let c): return "invalid data\(at(c))"
        @unknown default: return "invalid data"
        }
    }
}
