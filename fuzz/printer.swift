// libFuzzer target `printer`: print form ↔ reader (spec §10.1: "reading the print form
// back with read-from-string yields an = value, except functions, macros, non-finite
// floats"). Every datum of the input that reads is turned into data (`toValue`, as
// `quote` does), printed, read back and printed again:
//   * the print form must read as exactly one datum,
//   * that datum's value must be `=` (ovsmEqual) to the original,
//   * printing it again must give the same text (print → read → print is a fixed point).
// The reader can only make nulls, bools, ints, floats, strings, keywords, symbols,
// arrays and objects; of those only non-finite floats (an overflowing literal such as
// 1e400 reads as inf, which prints as `inf`) are exempt.
import OVSMKit

func check(_ datum: Datum) {
    let value = datum.toValue()
    if hasNonFinite(value) { return }
    let text = Printer.printForm(value)
    let forms: [Datum]
    switch Reader.readProgram(text) {
    case .success(let f): forms = f
    case .failure(let e): fatalError("printer: print form does not read back (\(e)): \(text)")
    }
    guard forms.count == 1 else { fatalError("printer: print form reads as \(forms.count) forms: \(text)") }
    let again = forms[0].toValue()
    guard ovsmEqual(value, again) else { fatalError("printer: print form reads back as a different value: \(text)") }
    let text2 = Printer.printForm(again)
    guard text == text2 else { fatalError("printer: print → read → print is not a fixed point:\n\(text)\n\(text2)") }
    _ = Printer.displayForm(value)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Watchdog.watch(onWorker: false) { fuzzOne(data, size) }
}

func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard case .success(let forms) = Reader.readProgram(source) else { return 0 }
    for d in forms { check(d) }
    return 0
}
