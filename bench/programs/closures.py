fs = []
for i in range(1000): fs.append((lambda i: lambda x: x + i)(i))
total = 0
for f in fs:
    for j in range(1000): total = f(total)
print(total)
