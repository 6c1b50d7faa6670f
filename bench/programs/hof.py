# higher-order functions: map / filter / reduce with capturing lambdas
from functools import reduce
data = list(range(100000))
total = 0
for r in range(5):
    k = r + 1
    ys = list(map(lambda x: x * k + r, data))
    zs = list(filter(lambda y: y % 3 == 1, ys))
    total += reduce(lambda a, b: a + b, zs, 0)
print(total)
