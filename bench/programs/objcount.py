from functools import reduce
stats = {}
for i in range(60000):
    k = "k" + str(i % 50)
    if k in stats: stats[k] = stats[k] + i
    else: stats[k] = i
tot = 0
for k in list(stats.keys()): tot += stats[k]
mx = reduce(max, list(stats.values()), 0)
print([len(stats), tot, mx])
