// libFuzzer target `rpc`: the JSON-RPC response decoder of the Chain module
// (`RPCCodec.response`, `RPCCodec.batchResponse`), the result shape check
// (`RPCResultShape`) and the typed result readers behind the RPC methods
// (`AccountInfo.decode`, `TransactionDetails.decode`, …), fed with what a
// hostile or broken node could send. Every outcome must be a value or an `RPCError`
// (spec: "a response that is not JSON-RPC is .invalidResponse, never a crash").
//
// Input layout:
//   * starts with `{`, `[`, `<` or whitespace — the whole input is the body of an HTTP
//     200 answer (the JSON seeds in fuzz/seeds/rpc are used unchanged);
//   * first byte 0x00 — the rest is wire bytes of a transaction: decoding must fail or
//     give a transaction that serializes back to exactly the same bytes;
//   * any other first byte — picks the HTTP status, the rest is the body.
import Foundation
import OVSMKit
@testable import Chain

let statuses = [200, 200, 200, 204, 400, 429, 500, 503, 404, 299, 300, 100]

/// The typed readers of RPCTypes.swift / RPCMethods.swift over one `result` member, and
/// the per-method shape check the OVSM RPC builtins apply (RPCResultShape).
func decodeTyped(_ result: Value) {
    for method in RPCMethodTable.byMethod.keys { _ = try? RPCResultShape.check(method: method, result) }
    let r = Chain.Reader(method: "fuzz")
    _ = try? r.uint(try r.contextValue(result), "value")                       // getBalance
    _ = try? AccountInfo.decode(try r.contextValue(result), r)                  // getAccountInfo
    _ = try? r.array(try r.contextValue(result), "value").map { try AccountInfo.decode($0, r) }
    _ = try? r.array(result, "result").map { try SignatureInfo.decode($0, r) }  // getSignaturesForAddress
    _ = try? r.array(try r.contextValue(result), "value").map { try SignatureStatus.decode($0, r) }
    _ = try? TransactionDetails.decode(result, r)                               // getTransaction
    _ = try? EpochInfo.decode(result, r)
    _ = try? TokenAmount.decode(try r.contextValue(result), r)
    _ = try? r.pubkey(result, "pubkey")
    _ = try? r.array(result, "result").map { item -> KeyedAccount in           // getProgramAccounts
        let o = try r.object(item, "program account")
        guard let acct = try AccountInfo.decode(o["account"] ?? .null, r) else { throw r.fail("null account") }
        return KeyedAccount(pubkey: try r.pubkey(o["pubkey"], "pubkey"), account: acct)
    }
    if let o = try? r.object(try r.contextValue(result), "value"),              // getLatestBlockhash
       let text = try? r.string(o["blockhash"], "blockhash") {
        _ = try? Hash(text)
        _ = try? r.uint(o["lastValidBlockHeight"], "lastValidBlockHeight")
    }
    if let s = SignatureStatus.decodeForFuzz(result, r) {
        for c in Commitment.allCases { _ = s.reached(c) }
    }
}

extension SignatureStatus {
    static func decodeForFuzz(_ v: Value, _ r: Chain.Reader) -> SignatureStatus? {
        (try? decode(v, r)) ?? nil
    }
}

func describe(_ e: RPCError) {
    _ = e.description
    _ = e.ovsmError
    _ = e.transactionError
    _ = e.serverCode
}

func decodeResponse(status: Int, body: Data) {
    let outcome: Result<HTTPResponse, RPCError.Kind> = .success(HTTPResponse(status: status, body: body))
    switch RPCCodec.response(method: "getAccountInfo", id: 1, outcome: outcome) {
    case .success(let v): decodeTyped(v)
    case .failure(let e): describe(e)
    }
    let calls = ["getBalance", "getAccountInfo", "getSignatureStatuses"]
    switch RPCCodec.batchResponse(label: "batch(fuzz)", calls: calls, ids: [1, 2, 3], outcome: outcome) {
    case .success(let results):
        if results.count != calls.count { fatalError("rpc: batch gave \(results.count) results for \(calls.count) calls") }
        for r in results {
            switch r {
            case .success(let v): decodeTyped(v)
            case .failure(let e): describe(e)
            }
        }
    case .failure(let e): describe(e)
    }
}

func decodeTransaction(_ bytes: [UInt8]) {
    guard let tx = try? Transaction.decode(bytes) else { return }
    let wire = tx.serializeUnchecked()
    if wire != bytes { fatalError("rpc: transaction decode → serialize is not the identity (\(bytes.count) → \(wire.count) bytes)") }
    _ = try? Message.decode(Array(tx.message.serialize()))
    _ = tx.message.signerKeys.count
    for i in 0..<tx.message.accountKeys.count { _ = tx.message.isWritable(i) }
    _ = Base64.encode(wire)
}

// (Lazy statics such as RPCResultShape.byMethod look leaked to LeakSanitizer — tagged enum
// pointers — wherever they are first built: fuzz/lsan.supp suppresses them. The one
// LLVMFuzzerInitialize of a target is the watchdog's, in fuzz/Support/Watchdog.swift.)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Watchdog.watch(onWorker: false) { fuzzOne(data, size) }
}

func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else {
        decodeResponse(status: 200, body: Data())
        return 0
    }
    let first = data[0]
    switch first {
    case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "<"), 0x20, 0x09, 0x0A, 0x0D:
        decodeResponse(status: 200, body: Data(bytes: data, count: size))
    case 0x00:
        decodeTransaction(Array(UnsafeBufferPointer(start: data + 1, count: size - 1)))
    default:
        decodeResponse(status: statuses[Int(first) % statuses.count], body: Data(bytes: data + 1, count: size - 1))
    }
    return 0
}
