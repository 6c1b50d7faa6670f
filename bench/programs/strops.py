# string work: build lines, split, upper, replace, substring
out = []
for i in range(20000):
    line = "account-" + str(i) + ":balance=" + str(i * 3)
    parts = line.split(":")
    name = parts[0].upper()
    bal = parts[1][8:]
    out.append((name + "/" + bal).replace("-", "_"))
print([len(out), out[-1]])
