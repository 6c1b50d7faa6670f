#!/usr/bin/env python3
"""Import rules of osvm, read from Package.swift (ARCHITECTURE.md, "Layers").

A Swift file under Sources/<Module>/ may import:
  * the modules <Module> declares as dependencies in Package.swift (targets and products),
  * the platform modules (Foundation, Dispatch, Glibc, Darwin, Synchronization, ...),
minus what the layer rules below forbid whatever Package.swift says:
  * OVSMKit (the language core) imports only Foundation, Glibc/Musl, Darwin, Synchronization;
  * OVSMTooling (formatter, linter, language server) imports only those and OVSMKit;
  * no library module imports ArgumentParser (only executables parse arguments);
  * only OSVMTUI imports CNcurses, and exactly one file of it does;
  * only Chain imports COpenSSL;
  * service libraries (Chain, Deploy, OSVMHost, Assistant, OSVMSettings, Audit) import no UI
    module (OSVMTUI), no executable, and Chain imports none of Deploy, OSVMHost, Assistant.

Targets are read from Package.swift, so a new target (e.g. OSVMSettings, depending on
Foundation + Yams) is checked as soon as it is declared there.

    python3 scripts/check_imports.py            # exit 1 and one line per violation
    python3 scripts/check_imports.py --graph    # the targets by layer, from Package.swift
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PLATFORM = {"Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationXML",
            "Dispatch", "Glibc", "Musl", "Darwin", "Android", "WinSDK", "Synchronization",
            "Observation", "os", "Swift", "_Concurrency", "RegexBuilder"}
CORE_ONLY = {"OVSMKit": {"Foundation", "Glibc", "Musl", "Darwin", "Synchronization"},
             "OVSMTooling": {"Foundation", "Glibc", "Musl", "Darwin", "Synchronization", "OVSMKit"}}
SERVICE_LIBS = {"Chain", "Deploy", "OSVMHost", "Assistant", "OSVMSettings", "Audit"}
UI_MODULES = {"OSVMTUI", "CNcurses"}
EXTRA_FORBIDDEN = {"Chain": {"Deploy", "OSVMHost", "Assistant"},
                   # Audit reads source trees: no network, chain, deployment or UI layer.
                   "Audit": {"Chain", "Deploy", "OSVMHost", "Assistant", "OVSMKit"}}
CNCURSES_OWNER = "OSVMTUI"
COPENSSL_OWNERS = {"Chain"}


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def matching(text, start):
    """Index just past the bracket that closes the one at `start` (strings respected)."""
    depth, i, in_str = 0, start, False
    while i < len(text):
        c = text[i]
        if in_str:
            if c == "\\":
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced Package.swift")


def parse_package(path):
    """{target name: {"kind": ..., "deps": set of module names}}."""
    text = strip_comments(open(path, encoding="utf-8").read())
    targets = {}
    for m in re.finditer(r"\.(target|executableTarget|testTarget|systemLibrary|binaryTarget|macro|plugin)\(", text):
        end = matching(text, m.end() - 1)
        body = text[m.end():end - 1]
        name = re.search(r'name:\s*"([^"]+)"', body)
        if not name:
            continue
        deps = set()
        d = re.search(r"dependencies:\s*\[", body)
        if d:
            dend = matching(body, d.end() - 1)
            dep_text = body[d.end():dend - 1]
            # .product(name: "ArgumentParser", package: ...), .target(name: "X"), .byName(name: "X")
            for pm in re.finditer(r'\.(?:product|target|byName)\(\s*name:\s*"([^"]+)"', dep_text):
                deps.add(pm.group(1))
            plain = re.sub(r"\.(?:product|target|byName)\([^)]*\)", "", dep_text)
            deps.update(re.findall(r'"([^"]+)"', plain))
        targets[name.group(1)] = {"kind": m.group(1), "deps": deps}
    return targets


def layers(targets):
    """Layer of each non-test target: 0 for a target with no target dependencies."""
    memo = {}

    def depth(t):
        if t not in memo:
            memo[t] = 0
            below = [depth(d) for d in targets[t]["deps"] if d in targets]
            memo[t] = 1 + max(below) if below else 0
        return memo[t]

    return {t: depth(t) for t in targets if targets[t]["kind"] != "testTarget"}


IMPORT = re.compile(r"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*(?:public\s+|internal\s+|package\s+|private\s+|fileprivate\s+)?"
                    r"import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)")


def imports_of(path):
    """(line number, module) for each import statement outside string literals and comments."""
    out, in_multiline, in_block = [], False, False
    for n, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
        s = line
        if in_block:
            if "*/" not in s:
                continue
            s, in_block = s.split("*/", 1)[1], False
        if in_multiline:
            if s.count('"""') % 2 == 1:
                in_multiline = False
            continue
        if s.count('"""') % 2 == 1:
            in_multiline = True
            continue
        if s.lstrip().startswith("/*") and "*/" not in s:
            in_block = True
            continue
        m = IMPORT.match(s)
        if m:
            out.append((n, m.group(1)))
    return out


def check(root=ROOT):
    targets = parse_package(os.path.join(root, "Package.swift"))
    executables = {t for t, v in targets.items() if v["kind"] == "executableTarget"}
    ui_and_up = UI_MODULES | executables
    problems, curses_files = [], []
    src = os.path.join(root, "Sources")
    for module in sorted(os.listdir(src)):
        mdir = os.path.join(src, module)
        if not os.path.isdir(mdir):
            continue
        if module not in targets:
            problems.append(f"Sources/{module}: not a target in Package.swift")
            continue
        info = targets[module]
        allowed = (info["deps"] | PLATFORM) - {module}
        if module in CORE_ONLY:
            allowed = CORE_ONLY[module]
        forbidden = set(EXTRA_FORBIDDEN.get(module, set()))
        if module not in executables:
            forbidden.add("ArgumentParser")
        if module != CNCURSES_OWNER:
            forbidden.add("CNcurses")
        if module not in COPENSSL_OWNERS:
            forbidden.add("COpenSSL")
        if module in SERVICE_LIBS:
            forbidden |= ui_and_up
        for dirpath, _, files in os.walk(mdir):
            for f in sorted(files):
                if not f.endswith(".swift"):
                    continue
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, root)
                for n, imported in imports_of(path):
                    if imported == "CNcurses":
                        curses_files.append(rel)
                    if imported in forbidden:
                        problems.append(f"{rel}:{n}: {module} may not import {imported} (layer rule)")
                    elif imported not in allowed:
                        why = (f"{module} imports only " + ", ".join(sorted(allowed))) if module in CORE_ONLY \
                            else f"not a dependency of {module} in Package.swift"
                        problems.append(f"{rel}:{n}: {module} imports {imported}: {why}")
    if len(set(curses_files)) > 1:
        problems.append("CNcurses is imported by more than one file: " + ", ".join(sorted(set(curses_files))))
    return targets, problems


def main(argv):
    root = ROOT
    if "--root" in argv:
        root = argv[argv.index("--root") + 1]
    targets, problems = check(root)
    if "--graph" in argv:
        lay = layers(targets)
        for level in sorted(set(lay.values()), reverse=True):
            names = sorted(t for t, l in lay.items() if l == level)
            print(f"layer {level}: " + ", ".join(f"{t} -> {', '.join(sorted(targets[t]['deps'])) or '-'}" for t in names))
    for p in problems:
        print(p)
    if problems:
        print(f"check_imports: {len(problems)} violation(s)", file=sys.stderr)
        return 1
    print(f"check_imports: ok ({sum(1 for t in targets.values() if t['kind'] != 'testTarget')} targets)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
