from functools import reduce
people = [{"name": "p" + str(i), "age": (i*7) % 90, "city": ["a","b","c","d","e"][i % 5]} for i in range(20000)]
older = [dict(p, age=p["age"] + 1) for p in people]
by_city = {}
for p in older: by_city.setdefault(p["city"], []).append(p)
ages = {}
for p in older:
    k = str(p["age"]); ages[k] = ages.get(k, 0) + 1
merged = reduce(lambda acc, p: {**acc, "last": p["name"]} if p["age"] > 80 else acc, older, {})
print([len(by_city), len(by_city["c"]), ages["42"], merged["last"]])
