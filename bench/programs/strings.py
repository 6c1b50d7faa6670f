parts = []
for i in range(100000): parts.append("item" + str(i))
print(len(",".join(parts)))
