from functools import reduce
xs = list(range(50000))
r1 = reduce(lambda a, b: a + b, map(lambda x: x * x, filter(lambda x: x % 3 == 0, xs)), 0)
g = {}
for x in xs: g.setdefault(str(x % 10), []).append(x)
r2 = len(g)
r3 = sorted(xs, key=lambda x: -((x * 7) % 1000))[:3]
r4 = [any(x > 49998 for x in xs), all(x >= 0 for x in xs)]
r5 = reduce(lambda a, b: max(a, b), map(lambda p: p[0] + p[1], zip(xs, list(reversed(xs)))), 0)
r6 = sum(1 for v in [y for x in xs[:10000] for y in (x, x + 1)] if v % 2 == 1)
print([r1, r2, r3, r4, r5, r6])
