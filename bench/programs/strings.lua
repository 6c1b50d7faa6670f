local parts = {}
for i = 0, 99999 do parts[#parts + 1] = "item" .. i end
print(#table.concat(parts, ","))
