# n-queens 8: recursion, for with early exit
def ok(q, cols):
    d = 1
    for c in cols:
        if c == q or abs(c - q) == d: return False
        d += 1
    return True
def solve(n, row, cols):
    if row == n: return 1
    cnt = 0
    for q in range(n):
        if ok(q, cols): cnt += solve(n, row + 1, [q] + cols)
    return cnt
print(solve(8, 0, []))
