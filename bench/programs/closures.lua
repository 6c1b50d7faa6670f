local fs = {}
for i = 0, 999 do fs[#fs + 1] = function(x) return x + i end end
local total = 0
for _, f in ipairs(fs) do for j = 1, 1000 do total = f(total) end end
print(total)
