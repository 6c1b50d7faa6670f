#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The slow half of the per-step check (spec §12): every `checkpointInterval` steps the
/// evaluator accounts the step budget and looks at memory. Keeping both behind one
/// countdown costs the call and loop paths a decrement and a sign test.
extension Interpreter {
    static let checkpointInterval = 1 << 14

    @inline(never)
    func checkpoint(_ span: SourceSpan?) throws {
        if let left = budgetLeft {
            if left <= 0 {
                stepsLeft = -1
                throw OVSMError(.limit, "step budget exhausted", span: span)
            }
            let chunk = min(left, Interpreter.checkpointInterval)
            budgetLeft = left - chunk
            stepsLeft = chunk - 1
        } else {
            stepsLeft = Interpreter.checkpointInterval - 1
        }
        try checkMemory(span)
    }

    /// Charges `n` steps of work done outside the evaluator (a regex match) to the budget.
    public func chargeSteps(_ n: Int) throws {
        var left = n
        while left > 0 {
            let take = min(left, max(stepsLeft, 0) + 1)
            stepsLeft &-= take
            left -= take
            if stepsLeft < 0 { try checkpoint(nil) }
        }
    }

    /// Elements an array copy moves per step charged (`chargeCopy`).
    static let elementsPerStep = 64

    /// Charges the copy of `elements` array elements by a builtin (`push-back`, `append`)
    /// to the budget, one step per `elementsPerStep`: a recursion that copies a growing
    /// array at every call does O(n²) work in O(n) calls, which call counting alone let
    /// run for seconds under a small budget (a fuzz find: 10,000 calls, 50 M copies).
    @inline(__always) public func chargeCopy(_ elements: Int) throws {
        if elements >= Interpreter.elementsPerStep { try chargeSteps(elements / Interpreter.elementsPerStep) }
    }

    /// Builtins that make a large string or array report its size: anything over 1 MiB
    /// looks at memory at once (a string doubled in a loop outgrows memory long before
    /// the next checkpoint), and text longer than the printer's maximum is `limit`.
    @inline(__always) public func noteSize(_ bytes: Int, _ what: String) throws {
        // The printer stops early, silently, when cancelled: a cut-short text must never
        // come back as a value, however short it is.
        try checkCancel()
        if bytes < 1 << 20 { return }
        if bytes > limits.maxTextBytes {
            throw OVSMError.limit("\(what): result larger than \(limits.maxTextBytes >> 20) MiB")
        }
        try checkMemory(nil)
    }

    /// Raises `limit` when the process has grown by more than `limits.maxMemoryBytes` since
    /// this interpreter was made. Bounding memory also bounds how deep a value can nest, so
    /// releasing one never needs more stack than the evaluator thread has.
    func checkMemory(_ span: SourceSpan?) throws {
        guard let max = limits.maxMemoryBytes else { return }
        let grown = MemoryUse.peakResidentBytes() - baselineRSS
        if grown > max {
            throw OVSMError(.limit, "memory limit of \(max >> 20) MiB exceeded", span: span)
        }
    }
}

/// The process's memory use, read without allocating (one `getrusage` call).
public enum MemoryUse {
    /// Peak resident set size in bytes.
    public static func peakResidentBytes() -> Int {
        var u = rusage()
        #if canImport(Glibc)
        let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &u) == 0 else { return 0 }
        #if canImport(Darwin)
        return Int(u.ru_maxrss)
        #else
        return Int(u.ru_maxrss) * 1024
        #endif
    }
}
