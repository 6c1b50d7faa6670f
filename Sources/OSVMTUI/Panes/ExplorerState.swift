import Foundation

/// What the explorer shows, already formatted by the chain service (no Chain types leak
/// into rendering, so snapshots need no network).
public struct AccountSummary: Sendable, Equatable, Codable {
    public var address: String
    public var kind: String            // "system account", "token account", "program", …
    public var balance: String         // "2 ◎"
    public var owner: String
    public var executable: Bool
    public var dataSize: Int
    public var decoded: [(String, String)] = []
    public var signatures: [SignatureRow] = []
    /// The last page of signatures was full: older ones may exist ("load more").
    public var moreSignatures = false
    public static func == (a: AccountSummary, b: AccountSummary) -> Bool {
        a.address == b.address && a.balance == b.balance && a.signatures == b.signatures
            && a.moreSignatures == b.moreSignatures
    }
    public init(address: String, kind: String, balance: String, owner: String, executable: Bool, dataSize: Int) {
        self.address = address; self.kind = kind; self.balance = balance; self.owner = owner
        self.executable = executable; self.dataSize = dataSize
    }

    // Codable by hand only because `decoded` holds tuples: they are written as
    // two-element arrays (session recordings, docs/RECORD-REPLAY.md).
    enum CodingKeys: String, CodingKey {
        case address, kind, balance, owner, executable, dataSize, decoded, signatures, moreSignatures
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(address: try c.decode(String.self, forKey: .address), kind: try c.decode(String.self, forKey: .kind),
                  balance: try c.decode(String.self, forKey: .balance), owner: try c.decode(String.self, forKey: .owner),
                  executable: try c.decode(Bool.self, forKey: .executable), dataSize: try c.decode(Int.self, forKey: .dataSize))
        decoded = try c.decode([[String]].self, forKey: .decoded).map { pair in
            guard pair.count == 2 else {
                throw DecodingError.dataCorruptedError(forKey: .decoded, in: c, debugDescription: "a decoded field is [name, value]")
            }
            return (pair[0], pair[1])
        }
        signatures = try c.decode([SignatureRow].self, forKey: .signatures)
        moreSignatures = try c.decode(Bool.self, forKey: .moreSignatures)
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(address, forKey: .address); try c.encode(kind, forKey: .kind)
        try c.encode(balance, forKey: .balance); try c.encode(owner, forKey: .owner)
        try c.encode(executable, forKey: .executable); try c.encode(dataSize, forKey: .dataSize)
        try c.encode(decoded.map { [$0.0, $0.1] }, forKey: .decoded)
        try c.encode(signatures, forKey: .signatures); try c.encode(moreSignatures, forKey: .moreSignatures)
    }
}

public struct SignatureRow: Sendable, Equatable, Codable {
    public var signature: String
    public var slot: UInt64
    public var ok: Bool
    public var time: String
    public init(signature: String, slot: UInt64, ok: Bool, time: String) {
        self.signature = signature; self.slot = slot; self.ok = ok; self.time = time
    }
}

public struct TransactionSummary: Sendable, Equatable, Codable {
    public var signature: String
    public var status: String          // "ok" or the error
    public var slot: UInt64
    public var time: String
    public var fee: String
    public var accounts: [String]      // "addr  pre → post"
    /// The full base58 keys of `accounts`, in the same order (drill-in and copy).
    public var accountKeys: [String] = []
    /// The full program id of each of `instructions`.
    public var programKeys: [String] = []
    public var instructions: [String]
    public var logs: [String]
    public init(signature: String, status: String, slot: UInt64, time: String, fee: String,
                accounts: [String], instructions: [String], logs: [String]) {
        self.signature = signature; self.status = status; self.slot = slot; self.time = time
        self.fee = fee; self.accounts = accounts; self.instructions = instructions; self.logs = logs
    }
}

public enum ExplorerView: Sendable, Equatable, Codable {
    case account(AccountSummary)
    case transaction(TransactionSummary)

    /// The query that shows this view again (`r` refreshes with it).
    public var query: ExplorerQuery {
        switch self {
        case .account(let a): return .account(a.address)
        case .transaction(let t): return .transaction(t.signature)
        }
    }

    /// The full id of the view itself (address or signature).
    public var id: String {
        switch query { case .account(let a), .transaction(let a): return a }
    }
}

public enum ExplorerQuery: Sendable, Equatable {
    case account(String)
    case transaction(String)

    /// Detects the kind from base58 length: 32-byte keys are 32–44 characters, 64-byte
    /// signatures 64–88.
    public static func detect(_ text: String) -> ExplorerQuery? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let alphabet = Set("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
        guard !t.isEmpty, t.allSatisfy({ alphabet.contains($0) }) else { return nil }
        if (32...44).contains(t.count) { return .account(t) }
        if (64...88).contains(t.count) { return .transaction(t) }
        return nil
    }
}

/// The explorer pane: query input, a back stack of views, loading and error states.
public struct ExplorerState: Sendable, Equatable {
    public var input = TextBuffer()
    public var stack: [ExplorerView] = []
    public var loading: String?
    public var error: String?
    /// The selected item of the top view (an index into `ExplorerItems.items(of:)`).
    public var selected = 0
    /// The selection of each view below the top one, restored by Back.
    public var savedSelections: [Int] = []
    /// A "load more" request for these signatures is in flight.
    public var loadingMore = false

    /// Pushes a freshly loaded view (the current selection is kept for Back).
    mutating func push(_ v: ExplorerView) {
        if !stack.isEmpty { savedSelections.append(selected) }
        stack.append(v)
        selected = 0
    }

    /// Back: the view below, with the selection it had. false: nothing to go back to.
    @discardableResult
    mutating func pop() -> Bool {
        guard stack.popLast() != nil else { return false }
        selected = savedSelections.popLast() ?? 0
        error = nil
        loadingMore = false
        return true
    }
}
