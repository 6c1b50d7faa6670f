local o = {}
for i = 0, 199999 do o["k" .. i] = i end
local total = 0
for i = 0, 199999 do total = total + o["k" .. i] end
print(total)
