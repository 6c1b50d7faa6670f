import ast
parts = []
for i in range(60000):
    parts.append("def f%d(x, y=2):\n    \"doc\"\n    z = [x, y, 'k', {'a': %d}]\n    return x * 2.5 if x > y else 's' + str(z)\n" % (i, i))
src = "".join(parts)
print([len(src), len(ast.parse(src).body)])
