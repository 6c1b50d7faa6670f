total = 0
for r in range(20):
    sq = [i*i for i in range(5000)]
    ev = sum(x for x in sq if x % 2 == 0)
    c = 0
    j = None
    for i in range(1, 101):
        j = i * 2 if i == 1 else j + 3
        if not j < 250: break
        if j % 2 == 1: c += 1
    total += ev + c
print(total)
