import OVSMKit

/// Result validation by the shapes of `RPCMethodTable` (the enum lives in OVSMKit with the
/// table; this adds the typed error Chain's callers expect).
extension RPCResultShape {
    /// Throws `unexpectedResult` ("expected a non-negative integer, got array") when the
    /// table declares a shape for `method` and `v` does not have it.
    public static func check(method: String, _ v: Value) throws {
        guard let shape = RPCResultShape.of(method: method) else { return }
        if !shape.matches(v) {
            throw Reader(method: method).mismatch("result", expected: shape.expected, got: v)
        }
    }
}
