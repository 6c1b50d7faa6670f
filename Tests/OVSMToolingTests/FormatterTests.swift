import Foundation
import Testing
import OVSMKit
@testable import OVSMTooling

@Suite struct FormatterTests {
    func fmt(_ s: String, width: Int = 100) throws -> String { try Formatter.format(s, width: width) }

    /// Regression (fuzzer `tooling`, crash-0456c11e): a comment line ending in many CRs
    /// lost one CR per run, so formatting the output changed it again.
    @Test func commentEndingInCarriageReturnsFormatsToItself() throws {
        let source = ";; x (read-from-string \"(* 6 7)\")" + String(repeating: "\r", count: 40) + "\n(+ 1 2)\r\r\n"
        let once = try Formatter.format(source, width: 60)
        #expect(try Formatter.format(once, width: 60) == once)
        #expect(!once.contains("\r"))
    }

    @Test func bodyFormsIndentTwo() throws {
        #expect(try fmt("(defun f (x)\n(println x) (* x x))") == "(defun f (x)\n  (println x)\n  (* x x))\n")
        #expect(try fmt("(defun square (x)    (* x x))") == "(defun square (x) (* x x))\n")
        #expect(try fmt("(when ok (println 1) (println 2))") == "(when ok\n  (println 1)\n  (println 2))\n")
    }

    @Test func letBindingsOnePerLine() throws {
        let src = "(let ((alpha (compute-something 1 2 3)) (beta (compute-something-else 4 5 6))) (println alpha) (+ alpha beta))"
        #expect(try fmt(src, width: 60) == """
        (let ((alpha (compute-something 1 2 3))
              (beta (compute-something-else 4 5 6)))
          (println alpha)
          (+ alpha beta))

        """)
    }

    @Test func callsAlignArgumentsWhenTooWide() throws {
        let src = "(some-function (first-argument-is-long 1 2 3) (second-argument-is-long 4 5 6) (third 7 8 9))"
        #expect(try fmt(src, width: 60) == """
        (some-function (first-argument-is-long 1 2 3)
                       (second-argument-is-long 4 5 6)
                       (third 7 8 9))

        """)
    }

    @Test func commentsAndBlankLinesKept() throws {
        let src = ";; header\n\n\n(define x 1) ; one\n;; between\n(define y 2)\n\n(+ x   ; x\n y)\n"
        #expect(try fmt(src) == ";; header\n\n(define x 1) ; one\n;; between\n(define y 2)\n\n(+ x ; x\n   y)\n")
    }

    @Test func dataLiterals() throws {
        let arr = "[" + (1...40).map(String.init).joined(separator: " ") + "]"
        let out = try fmt(arr, width: 30)
        #expect(out.split(separator: "\n").allSatisfy { $0.count <= 30 })
        #expect(out.hasPrefix("[1 2 3"))
        #expect(try fmt("{:name \"a\" :age 3}") == "{:name \"a\" :age 3}\n")
        #expect(try fmt("{:name \"a-long-name\" :age 3 :tags [1 2 3]}", width: 20) == "{:name \"a-long-name\"\n :age 3\n :tags [1 2 3]}\n")
    }

    @Test func loopClausesOnePerLine() throws {
        let src = "(loop for i from 1 to 10 when (even? i) collect (* i i) into squares finally (return squares))"
        #expect(try fmt(src, width: 50) == """
        (loop for i from 1 to 10
          when (even? i) collect (* i i) into squares
          finally (return squares))

        """)
    }

    @Test func stringsAndQuotesKeptAsWritten() throws {
        let src = "(define s \"a\\tb\nsecond line\")\n'(1 2 `(x ,y ,@z))\n"
        let out = try fmt(src)
        #expect(out == src)
    }

    @Test func syntaxErrorsAreNotFormatted() {
        #expect(throws: OVSMError.self) { try Formatter.format("(+ 1") }
        #expect(throws: OVSMError.self) { try Formatter.format("(+ 1))") }
    }

    @Test func emptyAndCommentOnly() throws {
        #expect(try fmt("") == "")
        #expect(try fmt("\n\n") == "")
        #expect(try fmt("; only\n") == "; only\n")
    }

    /// The acceptance test: every corpus program formats idempotently, reads to the same
    /// forms and gives the same result and output.
    @Test func corpusIsPreserved() throws {
        let files = Corpus.files()
        #expect(files.count > 400)
        var failures: [String] = []
        var changed = 0
        for (name, source) in files {
            guard case .success = Reader.readProgram(source) else {
                if (try? Formatter.format(source)) != nil { failures.append("\(name): formatted a program that does not read") }
                continue
            }
            guard let once = try? Formatter.format(source) else { failures.append("\(name): did not format"); continue }
            if once != source { changed += 1 }
            if (try? Formatter.format(once)) != once { failures.append("\(name): not idempotent") }
            if !FormEquivalence.sameForms(source, once) { failures.append("\(name): forms changed") }
            if once.split(separator: "\n").contains(where: { $0.hasSuffix(" ") && !$0.contains(";") && !$0.contains("\"") }) {
                failures.append("\(name): trailing spaces")
            }
            if Corpus.run(source) != Corpus.run(once) { failures.append("\(name): result changed") }
        }
        #expect(failures.isEmpty, "\(failures.count) failing:\n\(failures.joined(separator: "\n"))")
        #expect(changed > 0)
    }
}
