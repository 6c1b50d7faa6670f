prog = [["push", 0], ["store", 0], ["load", 0], ["push", 1], ["add"], ["dup"], ["store", 0], ["push", 30000], ["lt"], ["jnz", 2], ["load", 0], ["halt"]]
def run(prog):
    pc = 0; stack = []; mem = [0, 0, 0]; result = None
    while result is None:
        ins = prog[pc]; op = ins[0]; pc += 1
        if op == "push": stack.insert(0, ins[1])
        elif op == "store": mem[ins[1]] = stack.pop(0)
        elif op == "load": stack.insert(0, mem[ins[1]])
        elif op == "add":
            b = stack.pop(0); a = stack.pop(0); stack.insert(0, a + b)
        elif op == "dup": stack.insert(0, stack[0])
        elif op == "lt":
            b = stack.pop(0); a = stack.pop(0); stack.insert(0, 1 if a < b else 0)
        elif op == "jnz":
            if stack.pop(0) != 0: pc = ins[1]
        elif op == "halt": result = stack.pop(0)
    return result
print(run(prog))
