# particles as dicts with float fields: pairwise forces
import math
ps = [{"x": float(i), "y": 2.0*i, "vx": 0.0, "vy": 0.0} for i in range(40)]
for step in range(100):
    for a in ps:
        fx = 0.0; fy = 0.0
        for b in ps:
            dx = b["x"] - a["x"]; dy = b["y"] - a["y"]
            d2 = dx*dx + dy*dy + 0.01
            inv = 1.0 / (d2 * math.sqrt(d2))
            fx += dx*inv; fy += dy*inv
        a["vx"] = a["vx"] + 0.01*fx
        a["vy"] = a["vy"] + 0.01*fy
s = 0.0
for p in ps: s += abs(p["vx"])
print(int(1000*s))
