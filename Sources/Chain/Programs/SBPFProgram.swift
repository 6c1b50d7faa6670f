/// Checks that a file is a loadable sBPF program before anything is spent on it: an ELF64
/// little-endian shared object for EM_BPF (247) or EM_SBPF (263) whose headers lie inside
/// the file, and small enough for a program account.
public struct SBPFProgram: Sendable {
    public static let emBPF: UInt16 = 247
    public static let emSBPF: UInt16 = 263
    /// MAX_PERMITTED_DATA_LENGTH (10 MiB) minus the ProgramData header.
    public static let maxSize = 10 * 1024 * 1024 - UpgradeableLoader.programDataMetadataSize

    public let bytes: [UInt8]
    public let machine: UInt16

    /// A short description: "sBPF (EM_SBPF 263), 2,304 bytes".
    public var summary: String { "\(machine == Self.emSBPF ? "sBPF v2+ (EM_SBPF 263)" : "BPF (EM_BPF 247)"), \(bytes.count) bytes" }

    public init(validating bytes: [UInt8], name: String = "program") throws {
        func bad(_ why: String) -> ProgramDeployError { .invalid("\(name) is not an sBPF program: \(why); nothing was sent") }
        guard !bytes.isEmpty else { throw bad("the file is empty") }
        guard bytes.count >= 64 else { throw bad("\(bytes.count) bytes, shorter than an ELF64 header (64)") }
        guard bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
            throw bad("no ELF magic (\\x7fELF) at the start")
        }
        guard bytes[4] == 2 else { throw bad("ELF class \(bytes[4]), expected 2 (ELF64)") }
        guard bytes[5] == 1 else { throw bad("ELF data encoding \(bytes[5]), expected 1 (little-endian)") }
        func u16(_ o: Int) -> UInt16 { UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8 }
        func u64(_ o: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[o + $1]) << (8 * UInt64($1)) } }
        let type = u16(16), machine = u16(18)
        guard machine == Self.emBPF || machine == Self.emSBPF else {
            throw bad("e_machine \(machine), expected 247 (EM_BPF) or 263 (EM_SBPF)\(machine == 62 ? " — this is an x86-64 binary" : machine == 183 ? " — this is an AArch64 binary" : "")")
        }
        guard type == 3 else { throw bad("e_type \(type), expected 3 (a shared object, as cargo build-sbf produces)") }
        guard bytes.count <= Self.maxSize else { throw bad("\(bytes.count) bytes, more than the \(Self.maxSize) a program account can hold") }
        let phoff = u64(32), shoff = u64(40)
        let phentsize = UInt64(u16(54)), phnum = UInt64(u16(56)), shentsize = UInt64(u16(58)), shnum = UInt64(u16(60))
        let size = UInt64(bytes.count)
        guard phnum == 0 || (phoff < size && phentsize * phnum <= size - phoff) else { throw bad("program headers lie outside the file (truncated?)") }
        guard shnum == 0 || (shoff < size && shentsize * shnum <= size - shoff) else { throw bad("section headers lie outside the file (truncated?)") }
        self.bytes = bytes
        self.machine = machine
    }
}
