# a 100,000-piece string built by appending to a variable (s += …: CPython's in-place append)
s = ""
sep = ","
for i in range(100000): s += str(i) + sep
print(len(s))
