lines = ["acct" + str(i % 37) + "," + str(i) + "," + repr(i * 0.25) + ",ok" for i in range(20000)]
totals = {}
for l in lines:
    f = l.split(",")
    k = f[0]; n = int(f[1]); x = float(f[2])
    totals[k] = totals.get(k, 0) + n + x
print([len(totals), totals["acct5"]])
