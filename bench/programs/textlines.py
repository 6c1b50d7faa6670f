from functools import reduce
base = ["  Hello World  ", "the QUICK brown fox", "# comment line", "Jumps over the lazy dog ", "", "  # another"]
text = "\n".join([base[i % 6] for i in range(6000)])
lines = text.split("\n")
kept = [l for l in lines if l.strip() != "" and not l.strip().startswith("#")]
words = [w for l in kept for w in l.strip().lower().split(" ")]
nthe = sum(1 for w in words if w == "the")
longest = reduce(lambda a, w: w if len(w) > len(a) else a, words, "")
witho = sum(1 for w in words if "o" in w)
print([len(kept), len(words), nthe, longest, witho, text.find("lazy"), kept[0].upper()])
