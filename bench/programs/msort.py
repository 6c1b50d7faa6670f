def merge_lists(a, b):
    out = []
    while a and b:
        if a[0] <= b[0]:
            out = out + [a[0]]; a = a[1:]
        else:
            out = out + [b[0]]; b = b[1:]
    return out + a + b
def msort(xs):
    if len(xs) <= 1: return xs
    h = len(xs) // 2
    return merge_lists(msort(xs[:h]), msort(xs[h:]))
seed = 7
def rnd():
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed
xs = [rnd() % 100000 for i in range(3000)]
s = msort(xs)
print([s[0], s[-1], len(s)])
