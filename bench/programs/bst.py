def insert(node, k):
    if node is None: return {"k": k, "l": None, "r": None}
    if k < node["k"]:
        n = dict(node); n["l"] = insert(node["l"], k); return n
    n = dict(node); n["r"] = insert(node["r"], k); return n
def walk(node, acc):
    if node is None: return acc
    return walk(node["r"], walk(node["l"], acc) + [node["k"]])
def depth(node): return 0 if node is None else 1 + max(depth(node["l"]), depth(node["r"]))
seed = 11
def rnd():
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed
t = None
for i in range(4000): t = insert(t, rnd() % 100000)
xs = walk(t, [])
print([len(xs), xs[0], xs[-1], depth(t)])
