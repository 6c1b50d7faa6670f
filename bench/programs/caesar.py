def shift_char(c, k):
    o = ord(c)
    if o >= 97 and o <= 122:
        return chr(97 + (o - 97 + k) % 26)
    return c
def encode(s, k): return "".join([shift_char(c, k) for c in list(s)])
text = "the quick brown fox jumps over the lazy dog and keeps running far away"
n = 0
for i in range(400):
    e = encode(text, i % 26)
    if encode(e, 26 - i % 26) == text: n += 1
pals = 0
for i in range(30000):
    s = str(i)
    if s == s[::-1]: pals += 1
print([n, pals])
