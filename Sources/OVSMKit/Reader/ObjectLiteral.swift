extension FormReader {
    /// '{' (key value)* '}' with keyword or string-literal keys, from the items on the stack
    /// at `base` and above: the pairs are built straight from them, with no array of items.
    mutating func objectLiteral(from base: Int, _ span: SourceSpan) throws(ReadFailure) -> Datum {
        let entries = items.items(from: base)
        guard entries.count % 2 == 0 else {
            throw .error(OVSMError(.syntax, "object literal needs key/value pairs (odd number of items)", span: span))
        }
        var pairs: [(key: String, value: Datum)] = []
        pairs.reserveCapacity(entries.count / 2)
        var i = 0
        while i < entries.count {
            let key: String
            switch entries[i].kind {
            case .atom(.keyword(let s)): key = s.name
            case .atom(.string(let s)): key = s
            default:
                throw .error(OVSMError(.syntax, "object key must be a keyword or a string literal", span: entries[i].span))
            }
            if let idx = pairs.firstIndex(where: { $0.key == key }) {
                pairs[idx].value = entries[i + 1]   // later wins, first position kept
            } else {
                pairs.append((key, entries[i + 1]))
            }
            i += 2
        }
        items.drop(from: base)
        return Datum(.object(pairs), span)
    }
}
