def lev(a, b):
    m = len(a); n = len(b); prev = list(range(n + 1)); cur = []
    for i in range(m):
        cur = [i + 1]
        for j in range(n):
            cost = 0 if a[i] == b[j] else 1
            cur = cur + [min(prev[j+1] + 1, cur[j] + 1, prev[j] + cost)]
        prev = cur
    return prev[n]
words = ["kitten","sitting","saturday","sunday","rosettacode","raisethysword","intention","execution"]
t = 0
for r in range(40):
    for a in words:
        for b in words: t += lev(a, b)
print(t)
