# records: build dicts, update copies, group and sum
recs = [{"id": i, "owner": "o" + str(i % 97), "lamports": i * 1000} for i in range(50000)]
def assoc(r, k, v):
    d = dict(r); d[k] = v; return d
recs2 = [assoc(r, "sol", r["lamports"] / 1000000000.0) for r in recs]
by = {}
for r in recs2:
    k = r["owner"]
    by[k] = by.get(k, 0) + r["lamports"]
print([len(list(by.keys())), by["o5"], recs2[-1]["sol"]])
