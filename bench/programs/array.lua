local a = {}
for i = 0, 299999 do a[#a + 1] = i end
local m = {}
for k = 1, #a do m[k] = a[k] * 2 end
local f = {}
for k = 1, #m do if m[k] % 3 == 0 then f[#f + 1] = m[k] end end
local s = 0
for k = 1, #f do s = s + f[k] end
print(s)
