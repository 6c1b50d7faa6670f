#!/usr/bin/env python3
"""A streamable-HTTP MCP server built with the `mcp` package, for osvm's AssistantTests.

  mcp_http_server.py [--json]     --json: plain application/json replies (json_response=True);
                                  default: replies as text/event-stream.
Tools: add(a, b) -> a+b, echo(text) -> text, crash() -> exits the process.
Prints `PORT <n>` once the port is chosen; endpoint /mcp on 127.0.0.1.
"""
import argparse, os, socket, sys, threading

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    try:
        from mcp.server.mcpserver import MCPServer as Server
    except ImportError:
        from mcp.server.fastmcp import FastMCP as Server
    port = free_port()
    kwargs = {}
    srv = Server("osvm-test-http")

    @srv.tool()
    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    @srv.tool()
    def echo(text: str) -> str:
        """Echo the text back."""
        return text

    @srv.tool()
    def crash() -> str:
        """Exit the server process at once."""
        os._exit(3)

    print("PORT", port, flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    try:
        srv.run("streamable-http", host="127.0.0.1", port=port, json_response=a.json)
    except TypeError:
        srv.settings.host, srv.settings.port, srv.settings.json_response = "127.0.0.1", port, a.json
        srv.run("streamable-http")

if __name__ == "__main__":
    main()
