// libFuzzer target `reader`: any bytes, read as an OVSM program, give a success or a
// located failure — never a crash, a hang or a leak. The incremental entry point the
// REPL uses (`Reader.read`) must agree with `readProgram`.
import OVSMKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Watchdog.watch(onWorker: false) { fuzzOne(data, size) }
}

func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let program = Reader.readProgram(source)
    let incremental = Reader.read(source)
    switch (program, incremental) {
    case (.success(let a), .forms(let b)):
        if a.count != b.count { fatalError("reader: readProgram read \(a.count) forms, read \(b.count)") }
    case (.failure(let e), .needMore):
        if e.category != .syntax { fatalError("reader: input ending inside a form gave \(e.category), not syntax") }
    case (.failure(let a), .error(let b)):
        if a.category != b.category { fatalError("reader: readProgram says \(a), read says \(b)") }
    default:
        fatalError("reader: readProgram and read disagree: \(program) vs \(incremental)")
    }
    return 0
}
