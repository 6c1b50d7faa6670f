from functools import reduce
def safe(col, placed):
    row = len(placed)
    return all(c != col and abs(c - col) != row - r for (r, c) in [[i, c] for i, c in enumerate(placed)])
def solve(n, placed):
    if len(placed) == n: return 1
    return reduce(lambda a, b: a + b, [solve(n, placed + [col]) if safe(col, placed) else 0 for col in range(n)], 0)
print(solve(7, []))
