import Foundation
import OVSMKit

// ovsm-bench: runs the fixed OVSM benchmark suite in-process (bench/programs/*.ovsm) and
// prints program, work size, median ms over N runs, and a rate. Release mode:
//   swift run -c release ovsm-bench [--runs N] [--only NAME | --file PROGRAM.ovsm]
// (`--file` times any program the same way, for profiling your own scripts.)
// Each run uses a fresh interpreter; reading and compiling are included in the time.

struct Program {
    let name: String
    let work: String
    let units: Double       // work units per run, for the rate column
    let unitName: String
}

let suite: [Program] = [
    Program(name: "fib", work: "fib 27", units: 635_621, unitName: "calls"),
    Program(name: "tak", work: "tak 18 12 6 ×10", units: 10 * 63_609, unitName: "calls"),
    Program(name: "loop", work: "while 0..3,000,000", units: 3_000_001, unitName: "iter"),
    Program(name: "array", work: "300k push-back + map/filter/reduce", units: 300_000, unitName: "elem"),
    Program(name: "strings", work: "100k pieces joined", units: 100_000, unitName: "pieces"),
    Program(name: "objects", work: "200k inserts + 200k lookups", units: 400_000, unitName: "ops"),
    Program(name: "closures", work: "1,000 closures × 1,000 calls", units: 1_000_000, unitName: "calls"),
    Program(name: "jsondoc", work: "~5 MB getBlock JSON parse + stringify", units: 1, unitName: "docs"),
    Program(name: "reader", work: "~5 MB OVSM source read", units: 1, unitName: "reads"),
    // Programs of the same kinds written after the tuning above, to check it generalises.
    Program(name: "sieve", work: "sieve to 300,000 (setf nth)", units: 300_000, unitName: "numbers"),
    Program(name: "wordfreq", work: "200k words counted in an object", units: 200_000, unitName: "words"),
    Program(name: "mandel", work: "mandelbrot 120×120, floats", units: 287_459, unitName: "iter"),
    Program(name: "hof", work: "5 × map/filter/reduce of 100k", units: 500_000, unitName: "elem"),
    Program(name: "strops", work: "20k lines split/upper/substring/replace", units: 20_000, unitName: "lines"),
    Program(name: "ack", work: "ack 2 300 + collatz 1..3000 (cond)", units: 1, unitName: "runs"),
    Program(name: "strbuild", work: "100k appends to a string variable", units: 100_000, unitName: "appends"),
    // A second round of such programs (issue 16, fourth step).
    Program(name: "bintree", work: "8 × binary tree of depth 14: build + walk", units: 8 * 32_767, unitName: "nodes"),
    Program(name: "fannkuch", work: "fannkuch-redux 8 (nth/setf swaps)", units: 40_320, unitName: "perms"),
    Program(name: "counter", work: "1M calls of 10 counter closures", units: 1_000_000, unitName: "calls"),
    Program(name: "collatz", work: "collatz chains below 30,000 (loop macro)", units: 30_000, unitName: "chains"),
    Program(name: "nbody", work: "40 particles × 100 steps, object fields", units: 160_000, unitName: "pairs"),
    Program(name: "qsort", work: "quicksort 30k ints with filter/append", units: 30_000, unitName: "elem"),
    Program(name: "queens", work: "8 queens, all solutions", units: 92, unitName: "sols"),
    Program(name: "records", work: "50k records: build, assoc, group", units: 50_000, unitName: "records"),
    Program(name: "fmt", work: "100k format + join + chars", units: 100_000, unitName: "pieces"),
]

func locateBenchDir() -> String? {
    if let env = ProcessInfo.processInfo.environment["OVSM_BENCH_DIR"] { return env }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<6 {
        let c = dir.appendingPathComponent("bench/programs").path
        if FileManager.default.fileExists(atPath: c) { return c }
        dir = dir.deletingLastPathComponent()
    }
    let cwd = FileManager.default.currentDirectoryPath + "/bench/programs"
    return FileManager.default.fileExists(atPath: cwd) ? cwd : nil
}

var runs = 5
var only: String? = nil
var file: String? = nil
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--runs": runs = max(1, Int(args.popFirst() ?? "") ?? 5)
    case "--only": only = args.popFirst()
    case "--file": file = args.popFirst()
    case "-h", "--help":
        print("usage: ovsm-bench [--runs N] [--only NAME | --file PROGRAM.ovsm]\nprograms: \(suite.map { $0.name }.joined(separator: " "))")
        exit(0)
    default:
        FileHandle.standardError.write(Data("ovsm-bench: unknown argument \(a)\n".utf8))
        exit(2)
    }
}
var programs = suite
var dir = ""
if let file {
    // One program of the user's: name it after the file, no rate column.
    let url = URL(fileURLWithPath: file)
    programs = [Program(name: url.deletingPathExtension().lastPathComponent, work: url.lastPathComponent, units: 0, unitName: "")]
    dir = url.deletingLastPathComponent().path
    only = programs[0].name
} else if let found = locateBenchDir() {
    dir = found
} else {
    FileHandle.standardError.write(Data("ovsm-bench: cannot find bench/programs (set OVSM_BENCH_DIR)\n".utf8))
    exit(2)
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }

print(pad("program", 10) + pad("work", 40) + lpad("median ms", 11) + lpad("min ms", 10) + lpad("rate", 18) + "  result")
var failed = false
for p in programs where only == nil || only == p.name {
    guard let source = try? String(contentsOfFile: "\(dir)/\(p.name).ovsm", encoding: .utf8) else {
        print(pad(p.name, 10) + "missing \(dir)/\(p.name).ovsm")
        failed = true
        continue
    }
    var times: [Double] = []
    var result = ""
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome: Result<String, OVSMError> = LargeStack.value {
            let o = Interpreter().run(source: source)
            if let e = o.error { return .failure(e) }
            return .success(o.printed)
        }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        times.append(ms)
        switch outcome {
        case .failure(let e):
            result = "ERROR \(e)"
            failed = true
        case .success(let printed):
            result = printed
        }
    }
    times.sort()
    let median = times[times.count / 2]
    let rate = p.units / (median / 1000)
    let rateText: String
    if p.units == 0 { rateText = "" }
    else if rate >= 1e6 { rateText = String(format: "%.1f M %@/s", rate / 1e6, p.unitName) }
    else if rate >= 1e3 { rateText = String(format: "%.1f k %@/s", rate / 1e3, p.unitName) }
    else { rateText = String(format: "%.1f %@/s", rate, p.unitName) }
    print(pad(p.name, 10) + pad(p.work, 40) + lpad(String(format: "%.1f", median), 11)
          + lpad(String(format: "%.1f", times[0]), 10) + lpad(rateText, 18) + "  " + String(result.prefix(40)))
}

// Library-level figures: the reader and the JSON parser on ~5 MB inputs, without the
// interpreter building them (`--only native` runs just these).
if let only, only != "native" { exit(failed ? 1 : 0) }
func medianMs(_ n: Int, _ body: () -> Void) -> Double {
    var t: [Double] = []
    for _ in 0..<n {
        let s = DispatchTime.now().uptimeNanoseconds
        body()
        t.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
    }
    t.sort()
    return t[t.count / 2]
}
var src = ""
for i in 0..<60_000 {
    src += "(defun f\(i) (x &optional (y 2)) \"doc\" (let ((z [x y :k {:a \(i)}])) (if (> x y) (* x 2.5) (str \"s\" z))))\n"
}
let readMs = medianMs(runs) { if case .error(let e) = Reader.read(src) { print("reader error \(e)") } }
let mb = Double(src.utf8.count) / 1_048_576
print(pad("read()", 10) + pad(String(format: "Reader.read of %.1f MB OVSM", mb), 40) + lpad(String(format: "%.1f", readMs), 11)
      + lpad("", 10) + lpad(String(format: "%.0f MB/s", mb / (readMs / 1000)), 18))
var doc = "{\"blockHeight\":1204,\"transactions\":["
for i in 0..<6000 {
    if i > 0 { doc += "," }
    doc += "{\"meta\":{\"err\":null,\"fee\":5000,\"preBalances\":[1000000000,\(i),1],\"postBalances\":[999995000,\(i + 1),1],\"logMessages\":[\"Program 11111111111111111111111111111111 invoke [1]\",\"Program 11111111111111111111111111111111 success\"]},\"transaction\":{\"signatures\":[\"5kTz\(i)9aQqJ3e2x7mTqkqoS3rXzY2oK8sBvWmVYhq4T6Vd1nE8pPQzU\"],\"message\":{\"accountKeys\":[\"9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin\",\"7Gh3bXo5Yk2Y6nQ4uSTtR9mVCt4ZqE1WcJ9sxHvFn2aa\",\"11111111111111111111111111111111\"],\"recentBlockhash\":\"EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N\",\"instructions\":[{\"programIdIndex\":2,\"accounts\":[0,1],\"data\":\"3Bxs4h24hBtQy9rw\"}]}}}"
}
doc += "]}"
let jmb = Double(doc.utf8.count) / 1_048_576
let parseMs = medianMs(runs) { _ = try? JSON.parse(doc) }
print(pad("parse()", 10) + pad(String(format: "JSON.parse of %.1f MB getBlock", jmb), 40) + lpad(String(format: "%.1f", parseMs), 11)
      + lpad("", 10) + lpad(String(format: "%.0f MB/s", jmb / (parseMs / 1000)), 18))
if let parsed = try? JSON.parse(doc) {
    let writeMs = medianMs(runs) { _ = try? JSON.stringify(parsed) }
    print(pad("stringify", 10) + pad(String(format: "JSON.stringify of %.1f MB getBlock", jmb), 40) + lpad(String(format: "%.1f", writeMs), 11)
          + lpad("", 10) + lpad(String(format: "%.0f MB/s", jmb / (writeMs / 1000)), 18))
}
exit(failed ? 1 : 0)
