o = {}
for i in range(200000): o["k" + str(i)] = i
total = 0
for i in range(200000): total = total + o["k" + str(i)]
print(total)
