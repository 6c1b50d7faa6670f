import math
def f(x): return math.sin(x) * math.exp(-(x * 0.1))
n = 100000
h = 3.14159 / n
s = 0.0
for i in range(n): s = s + h * f(i * h + h / 2)
g = 0.0
for k in range(50000): g = g + 1.0 / math.sqrt(1.0 + k * k)
def rnd(x):
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)
print([rnd(s * 1000000) / 1000000.0, rnd(g * 1000) / 1000.0])
