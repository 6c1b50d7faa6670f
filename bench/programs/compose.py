from functools import reduce, partial
import operator
inc2 = partial(operator.add, 2)
dbl = lambda x: x * 2
f = lambda x: inc2(dbl(x))
odd = lambda x: not (x % 2 == 0)
acc = 0
for i in range(100000):
    if odd(i): acc += f(i)
adders = [(lambda k: (lambda x: x + k))(k) for k in range(100)]
s2 = reduce(lambda a, g: g(a), adders, 0)
print([acc, s2, reduce(operator.add, [sum([i, 1, 2]) for i in range(50000)], 0)])
