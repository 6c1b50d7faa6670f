# binary trees: recursive allocation of nested arrays, then a recursive walk
def make(d): return [] if d == 0 else [make(d-1), make(d-1)]
def check(t): return 1 if not t else 1 + check(t[0]) + check(t[1])
total = 0
for i in range(8): total += check(make(14))
print(total)
