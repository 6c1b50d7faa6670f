#!/usr/bin/env python3
"""An MCP stdio server that never answers and ignores SIGTERM: the worst case for
`osvm mcp tools`, which must still leave no process behind. Writes its pid to argv[1]."""
import signal, sys, time

signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
with open(sys.argv[1], "w") as f:
    f.write(str(__import__("os").getpid()))
while True:
    time.sleep(3600)
