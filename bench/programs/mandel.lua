-- Mandelbrot set membership on a 120x120 grid, 60 iterations: float arithmetic
local function mandel(cr, ci)
  local zr, zi, k = 0.0, 0.0, 0
  while k < 60 and zr * zr + zi * zi < 4.0 do
    local t2 = zr * zr - zi * zi + cr
    zi = 2.0 * zr * zi + ci
    zr = t2
    k = k + 1
  end
  return k
end
local total = 0
for y = 0, 119 do
  for x = 0, 119 do
    total = total + mandel(x * 3.0 / 120 - 2.0, y * 2.0 / 120 - 1.0)
  end
end
print(total)
