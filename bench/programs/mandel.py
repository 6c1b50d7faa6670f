# Mandelbrot set membership on a 120x120 grid, 60 iterations: float arithmetic
def mandel(cr, ci):
    zr = 0.0; zi = 0.0; k = 0
    while k < 60 and zr * zr + zi * zi < 4.0:
        t2 = zr * zr - zi * zi + cr
        zi = 2.0 * zr * zi + ci
        zr = t2
        k += 1
    return k
total = 0
for y in range(120):
    for x in range(120):
        total += mandel(x * 3.0 / 120 - 2.0, y * 2.0 / 120 - 1.0)
print(total)
