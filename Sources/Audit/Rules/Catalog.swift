/// The rules `osvm audit` knows: id, severity, title, why it matters and the fix.
/// Detection lives in AnchorRules, NativeRules and ExpressionRules (docs/AUDIT.md has examples).
public enum Catalog {
    public static let missingSigner = RuleInfo(
        id: "missing-signer", severity: .critical, title: "Authority account is not required to sign",
        explanation: "An account that authorizes the instruction is taken as AccountInfo/UncheckedAccount/SystemAccount and nothing checks is_signer, so anyone can pass the real authority's address without its signature.",
        fix: "Declare it as `Signer<'info>` (or add the `signer` constraint); in native code check `account.is_signer` and fail with MissingRequiredSignature.")
    public static let missingOwner = RuleInfo(
        id: "missing-owner-check", severity: .critical, title: "Account data deserialized without an owner check",
        explanation: "The account's data is deserialized by hand but its owner program is never compared, so an attacker can pass an account they created (owned by their program) with forged contents.",
        fix: "Use `Account<'info, T>` (Anchor checks the owner), add `owner = <program>` to the constraint, or compare `account.owner` with the expected program id before reading the data.")
    public static let dataMatching = RuleInfo(
        id: "account-data-matching", severity: .high, title: "Stored authority is not matched with the signer",
        explanation: "The account stores an authority key and the instruction has a signer of that name, but no `has_one`/constraint or comparison ties them together: any signer can act on someone else's account.",
        fix: "Add `has_one = <authority>` to the account's constraint (or `constraint = account.<authority> == <authority>.key()`).")
    public static let typeCosplay = RuleInfo(
        id: "type-cosplay", severity: .high, title: "Account type (discriminator) is not checked",
        explanation: "The data is deserialized without checking which type of account it is, so an account of another type with a compatible layout can be passed in its place.",
        fix: "Use Anchor's `Account<'info, T>`/`try_deserialize` (checks the 8-byte discriminator), or give native account types a discriminator field and check it after deserializing.")
    public static let reinitialization = RuleInfo(
        id: "reinitialization", severity: .high, title: "Account can be initialized again",
        explanation: "The initialization path does not check that the account was not already initialized, so calling it again overwrites its state (e.g. the authority).",
        fix: "Use `init` instead of `init_if_needed`, or check an `is_initialized` flag/discriminator before writing and fail if it is set.")
    public static let arbitraryCPI = RuleInfo(
        id: "arbitrary-cpi", severity: .critical, title: "Cross-program invocation of an unchecked program",
        explanation: "The program invoked is taken from an account whose address is never checked, so the caller can substitute a malicious program that receives the signer privileges of the CPI.",
        fix: "Type the account as `Program<'info, T>` (or add `address = <id>`), or compare its key with the expected program id before invoking.")
    public static let duplicateMutable = RuleInfo(
        id: "duplicate-mutable-accounts", severity: .medium, title: "Two mutable accounts of the same type may alias",
        explanation: "Two mutable accounts have the same type and nothing requires them to differ; passing the same account twice can double-count or overwrite updates.",
        fix: "Add `constraint = a.key() != b.key()` to one of them (or check it in the handler).")
    public static let bumpSeed = RuleInfo(
        id: "non-canonical-bump", severity: .medium, title: "PDA bump is not the canonical one",
        explanation: "The PDA is derived with a caller-supplied bump (create_program_address or `bump = <argument>`), so several addresses can pass for the same seeds.",
        fix: "Use `find_program_address` (or Anchor's bare `bump`) and store the canonical bump; later use `bump = account.bump`.")
    public static let pdaSharing = RuleInfo(
        id: "pda-sharing", severity: .medium, title: "PDA seeds are shared across users",
        explanation: "The PDA's seeds hold nothing specific to the user or account it guards (only constants and a mint), so the same PDA signs for every user of that mint and one user can act on another's funds.",
        fix: "Include a user- or account-specific key in the seeds (e.g. the owner or the destination account).")
    public static let closing = RuleInfo(
        id: "insecure-close", severity: .high, title: "Account closed without clearing its data",
        explanation: "The account's lamports are drained but its data and discriminator are left in place; in the same transaction the account can be refunded and used again (revival).",
        fix: "Use Anchor's `close = <destination>`, or zero the data (and write a closed discriminator) and assign it to the system program when closing by hand.")
    public static let sysvar = RuleInfo(
        id: "unchecked-sysvar", severity: .high, title: "Sysvar account address is not checked",
        explanation: "A sysvar (rent, clock, instructions) is read from an account whose address is not checked, so a forged account with attacker-chosen contents can be passed.",
        fix: "Use `Sysvar<'info, T>` or `address = sysvar::<name>::ID`, the `_checked` instruction-sysvar loaders, or `T::get()`.")
    public static let arithmetic = RuleInfo(
        id: "unchecked-arithmetic", severity: .medium, title: "Unchecked arithmetic on an amount",
        explanation: "`+`, `-` or `*` on a token/lamport amount wraps silently in release builds without overflow-checks, letting balances overflow or underflow.",
        fix: "Use `checked_add`/`checked_sub`/`checked_mul` and return an error on None (or set `overflow-checks = true` in the release profile).")
    public static let lossyCast = RuleInfo(
        id: "lossy-cast", severity: .medium, title: "Lossy `as` cast of an amount",
        explanation: "`as` silently truncates (or, from floats, rounds and saturates) an amount, so the stored or transferred value differs from the computed one.",
        fix: "Use `u32::try_from(amount)` (or `TryInto`) and return an error when it does not fit; keep amounts in integer arithmetic.")
    public static let unwrap = RuleInfo(
        id: "unwrap-in-handler", severity: .low, title: "unwrap()/expect() in an instruction handler",
        explanation: "A panic aborts the transaction with an opaque error and hides which check failed; attacker-controlled input should produce a program error.",
        fix: "Propagate the error with `?` and a descriptive error code (`ok_or(ErrorCode::X)?`).")
    public static let parseError = RuleInfo(
        id: "parse-error", severity: .note, title: "File could not be parsed completely",
        explanation: "The Rust parser found a syntax error; the rest of the file and the other files are still audited, but code near the error may be missed.",
        fix: "Check that the file compiles; the audit reads the parsable part.")

    public static let all: [RuleInfo] = [missingSigner, missingOwner, dataMatching, typeCosplay, reinitialization, arbitraryCPI,
                                         duplicateMutable, bumpSeed, pdaSharing, closing, sysvar, arithmetic, lossyCast, unwrap,
                                         parseError]
}
