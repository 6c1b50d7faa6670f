# %-formatting, join, character iteration over 100,000 pieces
acc = []
for i in range(100000): acc.append("%s:%s" % (i, i*i))
s = ",".join(acc)
n = 0
for c in list(s[0:50000]):
    if c == ",": n += 1
print([len(s), n, s.find("99999:")])
