def tak(x, y, z):
    return z if not (y < x) else tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))
r = 0
for i in range(10): r = tak(18, 12, 6)
print(r)
