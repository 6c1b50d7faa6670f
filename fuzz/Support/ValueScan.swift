import OVSMKit

/// Whether a value holds a float that neither JSON nor the reader can carry back (an
/// overflowing literal such as 1e400 becomes inf). Shared by the `json` and `printer`
/// targets, which exempt such values from their round-trip checks.
func hasNonFinite(_ v: Value) -> Bool {
    var work = [v]
    while let x = work.popLast() {
        switch x {
        case .float(let d): if !d.isFinite { return true }
        case .array(let a): work.append(contentsOf: a)
        case .object(let o): for (_, e) in o { work.append(e) }
        default: break
        }
    }
    return false
}
