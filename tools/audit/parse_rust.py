#!/usr/bin/env python3
"""Rust front end of `osvm audit`: parses .rs files with tree-sitter and prints their syntax trees.

The rule engine lives in Swift (Sources/Audit); this script only turns source bytes into a tree.
Input: one file path per line on stdin. Output, per file, in input order:
    F <TAB> status <TAB> error-row <TAB> error-col          status: ok | syntax | unreadable
    N <TAB> id <TAB> name                                  a new name (kind, field or operator)
    depth kind field start-byte end-byte row col op        one line per named node, pre-order, all numbers
    E
Names are numbered once for the whole run (0 is "-"), so the reader parses numbers only. Rows and
columns are 0-based (columns in bytes); `field` is the node's field name in its parent or "-";
`op` is the operator of binary/compound-assignment/unary expressions, else "-".
Comments are left out (the rules read code, not prose). Requires: pip install tree-sitter tree-sitter-rust.
"""
import sys

try:
    import tree_sitter_rust
    from tree_sitter import Language, Parser
except ImportError:
    sys.stderr.write("osvm audit: the Rust parser needs the Python packages tree-sitter and tree-sitter-rust\n")
    sys.exit(3)

OPS = {"binary_expression", "compound_assignment_expr", "unary_expression"}
SKIP = {"line_comment", "block_comment"}


def first_error(root):
    """(row, col) of the first ERROR or MISSING node, pre-order."""
    stack = [root]
    while stack:
        n = stack.pop()
        if n.is_error or n.is_missing:
            return n.start_point
        if n.has_error:
            stack.extend(reversed(n.children))
    return root.start_point


NAMES = {"-": 0}


def name_id(name, out):
    i = NAMES.get(name)
    if i is None:
        i = NAMES[name] = len(NAMES)
        out.append(f"N\t{i}\t{name}\n")
    return i


def dump(tree, out):
    cursor = tree.walk()
    depth = 0
    while True:
        node = cursor.node
        descend = True
        if node.is_named and node.type not in SKIP:
            op = 0
            if node.type in OPS:
                o = node.child_by_field_name("operator")
                if o is None and node.child_count:
                    o = node.children[0]
                if o is not None and not o.is_named:
                    op = name_id(o.type, out)
            field = name_id(cursor.field_name, out) if cursor.field_name else 0
            kind = name_id(node.type, out)
            r, c = node.start_point
            out.append(f"{depth}\t{kind}\t{field}\t{node.start_byte}\t{node.end_byte}\t{r}\t{c}\t{op}\n")
        elif node.type in SKIP:
            descend = False
        if descend and cursor.goto_first_child():
            depth += 1
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return
            depth -= 1


def main():
    parser = Parser(Language(tree_sitter_rust.language()))
    stdout = sys.stdout
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        try:
            with open(path, "rb") as f:
                source = f.read()
        except OSError:
            stdout.write("F\tunreadable\t0\t0\nE\n")
            continue
        tree = parser.parse(source)
        out = []
        status, er, ec = "ok", 0, 0
        if tree.root_node.has_error:
            status = "syntax"
            er, ec = first_error(tree.root_node)
        out.append(f"F\t{status}\t{er}\t{ec}\n")
        dump(tree, out)
        out.append("E\n")
        stdout.write("".join(out))
        stdout.flush()


if __name__ == "__main__":
    main()
