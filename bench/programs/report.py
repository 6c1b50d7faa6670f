out = ""
for i in range(5000):
    out = out + str(i).rjust(5) + "|" + "*" * (i % 7) + "\n"
rows = [",".join(["r" + str(i), str(i * 2), ("x" + str(i % 3)).upper()]) for i in range(10000)]
print([len(out), len("\n".join(rows))])
