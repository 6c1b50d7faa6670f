import OVSMKit

/// Whether two programs read to the same forms: same shapes (`( )`, `[ ]`, `{ }`), same
/// atoms (type and print form), same object keys in the same order. Spans are ignored.
/// The formatter's promise, checked by its tests and by `fmt` before it writes a file.
public enum FormEquivalence {
    public static func sameForms(_ a: String, _ b: String) -> Bool {
        guard case .success(let x) = Reader.readProgram(a), case .success(let y) = Reader.readProgram(b) else { return false }
        return same(x, y)
    }

    public static func same(_ a: [Datum], _ b: [Datum]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
    }

    public static func same(_ a: Datum, _ b: Datum) -> Bool {
        switch (a.kind, b.kind) {
        case (.atom(let x), .atom(let y)):
            return x.typeName == y.typeName && Printer.printForm(x) == Printer.printForm(y)
        case (.list(let x), .list(let y)), (.array(let x), .array(let y)):
            return same(x, y)
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && same($0.value, $1.value) }
        default:
            return false
        }
    }
}
