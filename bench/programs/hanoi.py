def hanoi(n, f, t, v):
    if n == 0: return 0
    return hanoi(n-1, f, v, t) + 1 + hanoi(n-1, v, t, f)
def perms(xs):
    if not xs: return [[]]
    out = []
    for x in xs:
        for p in perms([y for y in xs if y != x]):
            out.append([x] + p)
    return out
print([hanoi(18, 1, 3, 2), len(perms([1,2,3,4,5,6,7]))])
