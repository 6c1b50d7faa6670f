// libFuzzer target `json`: any bytes through `JSON.parse(bytes:)` (the RPC and
// `parse-json` path). Parsing may fail; when it succeeds, the value must stringify
// (unless it holds a non-finite float: 1e400 parses to inf, which JSON cannot carry),
// the text must parse again to an equal value (`ovsmEqual`, spec §5), and stringifying
// that value must give the same text (a fixed point). Any mismatch traps.
import OVSMKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Watchdog.watch(onWorker: false) { fuzzOne(data, size) }
}

func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let first: Value
    do { first = try JSON.parse(bytes: bytes) } catch { return 0 }

    // The String entry point must agree on valid UTF-8 input.
    // (JSON has no NaN, so `ovsmEqual` is reflexive on parsed values.)
    if let text = String(validating: bytes, as: UTF8.self) {
        guard let again = try? JSON.parse(text) else { fatalError("json: parse(bytes:) accepted what parse(String) rejected") }
        if !ovsmEqual(first, again) { fatalError("json: parse(bytes:) and parse(String) disagree") }
    }

    let text1: String
    do { text1 = try JSON.stringify(first) } catch {
        if hasNonFinite(first) { return 0 }
        fatalError("json: a parsed value does not stringify: \(error)")
    }
    let second: Value
    do { second = try JSON.parse(text1) } catch {
        fatalError("json: stringify output does not parse: \(error)\n\(text1)")
    }
    guard ovsmEqual(first, second) else {
        fatalError("json: parse → stringify → parse changed the value\n\(text1)")
    }
    let text2: String
    do { text2 = try JSON.stringify(second) } catch { fatalError("json: re-stringify failed: \(error)") }
    guard text1 == text2 else {
        fatalError("json: stringify is not a fixed point\n\(text1)\n\(text2)")
    }
    return 0
}
