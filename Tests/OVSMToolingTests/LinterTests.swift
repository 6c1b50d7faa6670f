import Foundation
import Testing
import OVSMKit
@testable import OVSMTooling

@Suite struct LinterTests {
    func ids(_ s: String) -> [String] { Linter.lint(s).map { $0.rule.name } }
    func messages(_ s: String) -> [String] { Linter.lint(s).map { $0.message } }

    @Test func unknownNameWithSuggestion() {
        let d = Linter.lint("(define total 1)\n(prinltn totl)")
        #expect(d.map { $0.rule } == [.unknownName, .unknownName])
        #expect(d[0].message.contains("did you mean 'println'"))
        #expect(d[1].message.contains("did you mean 'total'"))
        #expect((d[1].line, d[1].column) == (2, 10))
    }

    @Test func namesThatAreKnown() {
        // Locals, later globals, special forms, field getters, macros' data, loop variables.
        let src = """
        (defun f (x) (g x))
        (defun g (y) (.name y))
        (defmacro my-when (c &body b) `(if ,c (do ,@b) null))
        (my-when true (anything goes here))
        (loop for i from 1 to 3 collect i into acc finally (return acc))
        (try (error "x") (catch e (get e :message)))
        (case 1 (foo 1) (otherwise 2))
        """
        #expect(Linter.lint(src).filter { $0.severity == .error }.isEmpty, "\(messages(src))")
    }

    @Test func arityOfBuiltinsAndKnownFunctions() {
        #expect(ids("(abs 1 2)") == ["wrong-arity"])
        #expect(ids("(defun f (a &optional b) (list a b))\n(f)\n(f 1 2 3)\n(f 1 2)") == ["wrong-arity", "wrong-arity"])
        #expect(ids("(defun f (a &rest r) (list a r))\n(f 1 2 3 4)").isEmpty)
        // A local of the same name is not the builtin.
        #expect(ids("(let ((abs (lambda (a b) (+ a b)))) (abs 1 2))").contains("wrong-arity") == false)
    }

    @Test func unusedBindings() {
        #expect(ids("(defun f (x y) x)") == ["unused-binding"])
        #expect(ids("(let ((a 1) (_b 2)) 3)") == ["unused-binding"])
        #expect(ids("(defun f () (define (e? n) (if (= n 0) true (o? (- n 1)))) (define (o? n) (if (= n 0) false (e? (- n 1)))) (e? 4))").isEmpty)
    }

    @Test func shadowedBuiltin() {
        #expect(ids("(define count 0)\ncount") == ["shadowed-builtin"])
        #expect(ids("(defun f (list) list)") == ["shadowed-builtin"])
    }

    @Test func defineInLoopBody() {
        let src = "(define total 0)\n(dolist (x [1 2 3]) (define total (+ total x)))\ntotal"
        #expect(ids(src).contains("define-in-loop"))
        // A per-iteration temporary is fine; a while body is the enclosing scope.
        #expect(ids("(dolist (x [1 2]) (define y (* x 2)) (println y))").isEmpty)
        #expect(ids("(define n 0)\n(while (< n 3) (define n (+ n 1)))").isEmpty)
    }

    @Test func unreachableAfterExit() {
        #expect(ids("(defun f () (return 1) (println 2))") == ["unreachable"])
        #expect(ids("(dotimes (i 3) (when (= i 1) (break)) (println i))").isEmpty)
    }

    @Test func constantConditions() {
        #expect(ids("(if 1 2 3)") == ["constant-condition"])
        #expect(ids("(while true (break))").isEmpty)
        #expect(ids("(cond ((= 1 2) 1) (else 2))").isEmpty)
    }

    @Test func setOfUndefined() {
        let d = Linter.lint("(define counter 0)\n(set! countr 1)")
        #expect(d.map { $0.rule } == [.setUndefined])
        #expect(d[0].message.contains("did you mean 'counter'"))
    }

    @Test func upstreamAliasesAreFixed() {
        let src = "(println (indexof \"abc\" \"b\") (tolowercase \"É\"))"
        let d = Linter.lint(src)
        #expect(d.map { $0.rule } == [.upstreamAlias, .upstreamAlias])
        let (fixed, n) = Linter.applyFixes(src, d)
        #expect(n == 2)
        #expect(fixed == "(println (index-of \"abc\" \"b\") (lower \"É\"))")
        #expect(Linter.lint(fixed).isEmpty)
        #expect(Corpus.run(src) == Corpus.run(fixed))
    }

    @Test func syntaxErrorIsADiagnostic() {
        let d = Linter.lint("(+ 1\n(")
        #expect(d.count == 1 && d[0].rule == .syntax && d[0].severity == .error)
    }

    /// No false positives: no error-severity diagnostic on any corpus program that runs
    /// without error, and the safe fixes keep every such program's result.
    @Test func corpusHasNoFalseErrors() {
        var failures: [String] = []
        var checked = 0
        for (name, source) in Corpus.files() where !Corpus.expectsError(source) && !name.hasPrefix("rpc-") {
            checked += 1
            let d = Linter.lint(source)
            for e in d where e.severity == .error { failures.append("\(name): \(e.formatted(file: name))") }
            let (fixed, n) = Linter.applyFixes(source, d)
            if n > 0 && Corpus.run(source) != Corpus.run(fixed) { failures.append("\(name): fixes changed the result") }
        }
        #expect(checked > 300)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func everyRuleIsDocumented() throws {
        let doc = try String(contentsOf: Corpus.repoRoot.appendingPathComponent("docs/LINT.md"), encoding: .utf8)
        for r in LintRule.all { #expect(doc.contains("## \(r.id) \(r.name)"), "docs/LINT.md lacks \(r.id) \(r.name)") }
    }
}
