# word frequencies of a 200,000-word text with a dict as the counter
words = " ".join(["w" + str((i * 7919) % 5003) for i in range(200000)]).split(" ")
counts = {}
for w in words: counts[w] = counts.get(w, 0) + 1
print([len(counts), counts["w17"]])
