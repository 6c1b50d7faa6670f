import CAllocator

/// glibc's allocator, tuned for an interpreter process. Called first thing in `main`,
/// before any thread of ours exists.
///
/// Why: OVSM scripts run on a thread of their own (a large stack), and glibc gives a new
/// thread an arena of its own, which grows with one `mprotect` call per step and no
/// padding — `format` in a loop of 100,000 made ~1,300 `mprotect` calls. And setting any
/// one of these options turns off glibc's own adjustment of the `mmap` threshold, so
/// all four are set together:
/// - one arena: every thread allocates from the main heap, grown with `brk`;
/// - 16 MiB of padding per growth of the heap (address space; pages are touched, and
///   count in the resident set, only when used);
/// - blocks up to 32 MiB come from the heap, not from a fresh `mmap` each (32 MiB is the
///   most glibc's own adjustment would reach);
/// - up to 64 MiB free at the top of the heap is kept rather than returned at once.
/// Measured (ARCHITECTURE.md, "The allocator"): 8–25 % less wall time on allocation-heavy
/// programs, no change on the others.
///
/// A user's own allocator settings win: with `GLIBC_TUNABLES` or any `MALLOC_*_`
/// variable in the environment nothing is changed. (In C: `mallopt` and its constants
/// are in `malloc.h`, which Swift's Glibc module does not export.)
public enum MallocTuning {
    /// The number of options set (0: left to the user's settings, or not glibc).
    @discardableResult
    public static func apply() -> Int {
        Int(osvm_tune_allocator())
    }
}
