import json
total = 0
for i in range(3000):
    doc = json.loads("{\"id\":" + str(i) + ",\"name\":\"item" + str(i) + "\",\"tags\":[\"a\",\"b\",\"c\"],\"price\":" + repr(i * 1.5) + ",\"ok\":true}")
    doc["price"] = doc["price"] + 1
    total += len(json.dumps(doc, separators=(",", ":")))
print(total)
