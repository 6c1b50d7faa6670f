/// The upgradeable BPF loader (loader-v3, `BPFLoaderUpgradeab1e11111111111111111111111`):
/// instruction encodings, account layouts and sizes, as `solana-loader-v3-interface` defines
/// them. Instruction data is bincode: a u32 little-endian variant index, then the fields.
/// The legacy wire form is used (no SIMD-0430/0432 trailing bools): every validator version
/// decodes it, newer ones as `close_buffer = true` / `tombstone = false`.
public enum UpgradeableLoader {
    public static let id = try! Pubkey("BPFLoaderUpgradeab1e11111111111111111111111")
    public static let rentSysvar = try! Pubkey("SysvarRent111111111111111111111111111111111")
    public static let clockSysvar = try! Pubkey("SysvarC1ock11111111111111111111111111111111")

    /// Serialized `UpgradeableLoaderState` sizes.
    public static let bufferMetadataSize = 37        // tag u32 + Option<Pubkey>
    public static let programSize = 36               // tag u32 + Pubkey
    public static let programDataMetadataSize = 45   // tag u32 + slot u64 + Option<Pubkey>

    /// The ProgramData address of a program: `find_program_address([program], loader)`.
    public static func programDataAddress(_ program: Pubkey) throws -> Pubkey {
        try ProgramAddress.find(seeds: [program.bytes], programId: id).0
    }

    static func tag(_ n: UInt32) -> [UInt8] { var d: [UInt8] = []; d.appendLE(n); return d }

    /// InitializeBuffer (0): [w] buffer, [] authority.
    public static func initializeBuffer(buffer: Pubkey, authority: Pubkey) -> Instruction {
        Instruction(programId: id, accounts: [AccountMeta(buffer, signer: false, writable: true),
                                              AccountMeta(authority, signer: false, writable: false)], data: tag(0))
    }

    /// Write (1) { offset: u32, bytes: Vec<u8> (u64 length) }: [w] buffer, [s] authority.
    public static func write(buffer: Pubkey, authority: Pubkey, offset: UInt32, bytes: [UInt8]) -> Instruction {
        var d = tag(1)
        d.appendLE(offset)
        d.appendLE(UInt64(bytes.count))
        d += bytes
        return Instruction(programId: id, accounts: [AccountMeta(buffer, signer: false, writable: true),
                                                     AccountMeta(authority, signer: true, writable: false)], data: d)
    }

    /// DeployWithMaxDataLen (2) { max_data_len: u64 }: [ws] payer, [w] programdata, [w] program,
    /// [w] buffer, [] rent, [] clock, [] system, [s] authority.
    public static func deployWithMaxDataLen(payer: Pubkey, program: Pubkey, buffer: Pubkey, authority: Pubkey,
                                            maxDataLen: UInt64) throws -> Instruction {
        var d = tag(2)
        d.appendLE(maxDataLen)
        return Instruction(programId: id, accounts: [
            AccountMeta(payer, signer: true, writable: true),
            AccountMeta(try programDataAddress(program), signer: false, writable: true),
            AccountMeta(program, signer: false, writable: true),
            AccountMeta(buffer, signer: false, writable: true),
            AccountMeta(rentSysvar, signer: false, writable: false),
            AccountMeta(clockSysvar, signer: false, writable: false),
            AccountMeta(Programs.system, signer: false, writable: false),
            AccountMeta(authority, signer: true, writable: false),
        ], data: d)
    }

    /// Upgrade (3): [w] programdata, [w] program, [w] buffer, [w] spill, [] rent, [] clock, [s] authority.
    public static func upgrade(program: Pubkey, buffer: Pubkey, authority: Pubkey, spill: Pubkey) throws -> Instruction {
        Instruction(programId: id, accounts: [
            AccountMeta(try programDataAddress(program), signer: false, writable: true),
            AccountMeta(program, signer: false, writable: true),
            AccountMeta(buffer, signer: false, writable: true),
            AccountMeta(spill, signer: false, writable: true),
            AccountMeta(rentSysvar, signer: false, writable: false),
            AccountMeta(clockSysvar, signer: false, writable: false),
            AccountMeta(authority, signer: true, writable: false),
        ], data: tag(3))
    }

    /// Close (5) of a buffer: [w] buffer, [w] recipient, [s] authority.
    public static func closeBuffer(buffer: Pubkey, recipient: Pubkey, authority: Pubkey) -> Instruction {
        Instruction(programId: id, accounts: [AccountMeta(buffer, signer: false, writable: true),
                                              AccountMeta(recipient, signer: false, writable: true),
                                              AccountMeta(authority, signer: true, writable: false)], data: tag(5))
    }

    /// A loader-owned account's state header.
    public enum State: Equatable, Sendable {
        case uninitialized
        case buffer(authority: Pubkey?)
        case program(programData: Pubkey)
        case programData(slot: UInt64, authority: Pubkey?)

        public init(decoding data: [UInt8]) throws {
            var r = ByteReader(data)
            func optKey() throws -> Pubkey? {
                switch try r.u8("option tag") {
                case 0: return nil
                case 1: return Pubkey(unchecked: try r.take(32, "authority"))
                case let t: throw ChainError.decode("loader state: option tag \(t)")
                }
            }
            let t = try r.take(4, "loader state tag")
            switch UInt32(t[0]) | UInt32(t[1]) << 8 | UInt32(t[2]) << 16 | UInt32(t[3]) << 24 {
            case 0: self = .uninitialized
            case 1: self = .buffer(authority: try optKey())
            case 2: self = .program(programData: Pubkey(unchecked: try r.take(32, "programdata address")))
            case 3:
                let s = try r.take(8, "slot")
                let slot = (0..<8).reduce(UInt64(0)) { $0 | UInt64(s[$1]) << (8 * UInt64($1)) }
                self = .programData(slot: slot, authority: try optKey())
            case let n: throw ChainError.decode("loader state: unknown variant \(n)")
            }
        }
    }
}

extension SystemProgram {
    /// `CreateAccount { lamports, space, owner }`: tag 0; [ws] from, [ws] new account.
    public static func createAccount(from: Pubkey, newAccount: Pubkey, lamports: UInt64, space: UInt64, owner: Pubkey) -> Instruction {
        var d: [UInt8] = []
        d.appendLE(UInt32(0))
        d.appendLE(lamports)
        d.appendLE(space)
        d += owner.bytes
        return Instruction(programId: Programs.system,
                           accounts: [AccountMeta(from, signer: true, writable: true),
                                      AccountMeta(newAccount, signer: true, writable: true)], data: d)
    }
}
