def make_counter(start):
    n = start
    def f(d):
        nonlocal n
        n = n + d
        return n
    return f
cs = [make_counter(i) for i in range(100)]
total = 0
for r in range(1000):
    for c in cs: total += c(1)
def make_acc():
    items = []
    def add(x): items.append(x)
    def size(): return len(items)
    return {"add": add, "size": size}
a = make_acc()
for i in range(20000): a["add"](i)
print([total, a["size"]()])
