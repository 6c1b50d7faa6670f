import math
def A(i, j): return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)
def mul_av(v, n):
    out = []
    for i in range(n):
        s = 0.0
        for j in range(n): s = s + A(i, j) * v[j]
        out.append(s)
    return out
def mul_atv(v, n):
    out = []
    for i in range(n):
        s = 0.0
        for j in range(n): s = s + A(j, i) * v[j]
        out.append(s)
    return out
def mul_atav(v, n): return mul_atv(mul_av(v, n), n)
n = 100
u = [1.0] * n; v = u
for i in range(10):
    v = mul_atav(u, n); u = mul_atav(v, n)
vbv = 0.0; vv = 0.0
for i in range(n):
    vbv += u[i] * v[i]; vv += v[i] * v[i]
print(round(1000000 * math.sqrt(vbv / vv)))
