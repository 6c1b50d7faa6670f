# fannkuch-redux 8: array permutations with element swaps in while loops
def fannkuch(n):
    perm1 = list(range(n)); count = [0]*n
    maxflips = 0; checksum = 0; r = n; permcount = 0
    done = False
    while not done:
        while r > 1:
            count[r-1] = r; r -= 1
        perm = perm1[0:]
        flips = 0
        k = perm[0]
        while k != 0:
            i = 0; j = k
            while i < j:
                tmp = perm[i]; perm[i] = perm[j]; perm[j] = tmp
                i += 1; j -= 1
            flips += 1
            k = perm[0]
        if flips > maxflips: maxflips = flips
        checksum = checksum + flips if permcount % 2 == 0 else checksum - flips
        more = True
        while more:
            if r == n:
                done = True; more = False
            else:
                p0 = perm1[0]
                i = 0
                while i < r:
                    perm1[i] = perm1[i+1]; i += 1
                perm1[r] = p0
                count[r] -= 1
                if count[r] > 0: more = False
                else: r += 1
        permcount += 1
    return [checksum, maxflips]
print(fannkuch(8))
