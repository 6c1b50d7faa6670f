def make_matrix(n, seed):
    return [[(i*31 + j*17 + seed) % 10 for j in range(n)] for i in range(n)]
def matmul(a, b, n):
    out = []
    for i in range(n):
        row = a[i]
        r = []
        for j in range(n):
            s = 0
            for k in range(n): s = s + row[k] * b[k][j]
            r.append(s)
        out.append(r)
    return out
a = make_matrix(60, 1); b = make_matrix(60, 2)
c = matmul(a, b, 60); c2 = matmul(c, a, 60)
print([c[5][7], sum(map(sum, c2))])
