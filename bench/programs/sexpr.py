import re
src = " ".join(["(item " + str(i) + " \"n" + str(i) + "\" (tags a b c) " + repr(i * 1.5) + ")" for i in range(3000)])
tok = re.compile(r'\(|\)|"[^"]*"|[^\s()]+')
def parse(s):
    stack = [[]]
    for t in tok.findall(s):
        if t == "(":
            stack.append([])
        elif t == ")":
            x = stack.pop(); stack[-1].append(x)
        elif t[0] == '"': stack[-1].append(t[1:-1])
        else:
            try: stack[-1].append(int(t))
            except ValueError:
                try: stack[-1].append(float(t))
                except ValueError: stack[-1].append(t)
    return stack[0][0]
forms = parse("(" + src + ")")
total = 0
for f in forms: total += f[1] + len(f[3])
print([len(forms), total, forms[-1][2]])
