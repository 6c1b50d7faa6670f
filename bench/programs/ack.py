# Ackermann(2, n) and a recursive collatz length: calls with cond
import sys
sys.setrecursionlimit(100000)
def ack(m, n):
    if m == 0: return n + 1
    elif n == 0: return ack(m - 1, 1)
    else: return ack(m - 1, ack(m, n - 1))
def collatz(n, steps):
    if n == 1: return steps
    elif n % 2 == 0: return collatz(n // 2, steps + 1)
    else: return collatz(3 * n + 1, steps + 1)
best = 0
for i in range(3000): best = max(best, collatz(i + 1, 0))
print([ack(2, 300), best])
