# closures with private state
def make_counter(step):
    n = 0
    def f():
        nonlocal n
        n += step
        return n
    return f
cs = [make_counter(s) for s in range(1, 11)]
total = 0
for i in range(100000):
    for c in cs: total += c()
print(total)
