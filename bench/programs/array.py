from functools import reduce
a = []
for i in range(300000): a.append(i)
m = list(map(lambda x: x * 2, a))
f = list(filter(lambda x: x % 3 == 0, m))
print(reduce(lambda acc, x: acc + x, f, 0))
