from functools import reduce
lines = []
for i in range(8000):
    lines.append("%s|%d|%s" % (str(i).rjust(6, "0"), i*i, ("n" + str(i % 97)).ljust(5)))
total = reduce(lambda acc, l: acc + len(l), lines, 0)
print([total, lines[-1]])
