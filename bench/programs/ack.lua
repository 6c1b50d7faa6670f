-- Ackermann(2, n) and a recursive collatz length: calls with cond
local function ack(m, n)
  if m == 0 then return n + 1
  elseif n == 0 then return ack(m - 1, 1)
  else return ack(m - 1, ack(m, n - 1)) end
end
local function collatz(n, steps)
  if n == 1 then return steps
  elseif n % 2 == 0 then return collatz(n // 2, steps + 1)
  else return collatz(3 * n + 1, steps + 1) end
end
local best = 0
for i = 1, 3000 do best = math.max(best, collatz(i, 0)) end
print(ack(2, 300), best)
