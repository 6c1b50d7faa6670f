#!/usr/bin/env python3
"""An MCP stdio server that never answers and ignores SIGTERM: the worst case for
`osvm mcp tools`, which must still leave no process behind. Writes its pid to argv[1].
With argv[2] == "flood" it first writes 100 MB on one endless line."""
import os, signal, sys, time

signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
with open(sys.argv[1], "w") as f:
    f.write(str(os.getpid()))
if len(sys.argv) > 2 and sys.argv[2] == "flood":
    block = b"x" * (1 << 20)
    try:
        for _ in range(100):
            sys.stdout.buffer.write(block)
            sys.stdout.buffer.flush()
    except BrokenPipeError:
        pass
while True:
    time.sleep(3600)
