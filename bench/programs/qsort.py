# quicksort with list comprehensions over 30,000 pseudo-random ints
def qsort(xs):
    if len(xs) < 2: return xs
    p = xs[0]; r = xs[1:]
    return qsort([x for x in r if x < p]) + [p] + qsort([x for x in r if x >= p])
seed = 42
def rnd():
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed
xs = [rnd() for i in range(30000)]
s = qsort(xs)
print([s[0], s[-1], len(s)])
