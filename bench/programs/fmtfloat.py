rows = [{"name": "item-" + str(i), "qty": (i * 13) % 97, "price": i * 0.75} for i in range(6000)]
out = []
for r in rows:
    out.append("%s: %d x %.2f = %.2f \"%s\"" % (r["name"], r["qty"], r["price"], r["qty"] * r["price"], r["name"]))
print([len(out), out[5999][:33], len(out[5999]), sum(map(len, out))])
