#!/usr/bin/env python3
"""Scripted OpenAI-compatible chat-completions server for osvm's AssistantTests.

Every body is built from the `openai` package's own pydantic types, so the wire shape is
what real clients parse. The scenario is chosen by the request's `model`:

  text            stream "Hello from the scripted server." word by word
  text:N          stream N tokens "tN "
  slow            stream 200 tokens, 50 ms apart (for cancellation)
  json            ignore stream=true, answer one JSON ChatCompletion
  tool-ovsm       1st turn: stream a run_ovsm tool call {"code": "(+ 40 2)"} in fragments;
                  after the tool result: stream "Tool said: <result>"
  tool-bad-json   1st turn: a run_ovsm call whose arguments are not JSON; then echo the result
  tool-hang       1st turn: a call of the tool `hang`; then echo the result
  fault-429-once  first request 429 (Retry-After: 0), later ones like `text`
  fault-500       always 500
  fault-malformed one good chunk, then `data: {not json`
  fault-disconnect two chunks, then the connection is dropped mid-stream
  missing-model   404 model_not_found
A request whose Authorization is not `Bearer <--key>` gets 401 invalid_api_key.
Prints `PORT <n>` on stdout once listening on 127.0.0.1.
"""
import argparse, json, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from openai.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage
from openai.types.chat.chat_completion import Choice as FullChoice
from openai.types.chat.chat_completion_chunk import (
    Choice, ChoiceDelta, ChoiceDeltaToolCall, ChoiceDeltaToolCallFunction)
from openai.types.shared import ErrorObject

LOCK = threading.Lock()
COUNTS = {}


def chunk(model, delta, finish=None):
    c = ChatCompletionChunk(id="chatcmpl-scripted", object="chat.completion.chunk", created=int(time.time()),
                            model=model, choices=[Choice(index=0, delta=delta, finish_reason=finish)])
    return c.model_dump_json(exclude_none=True)


def text_chunks(model, pieces):
    out = [chunk(model, ChoiceDelta(role="assistant", content=""))]
    out += [chunk(model, ChoiceDelta(content=p)) for p in pieces]
    out.append(chunk(model, ChoiceDelta(), "stop"))
    return out


def tool_chunks(model, name, fragments):
    first = ChoiceDeltaToolCall(index=0, id="call_1", type="function",
                                function=ChoiceDeltaToolCallFunction(name=name, arguments=""))
    out = [chunk(model, ChoiceDelta(role="assistant", tool_calls=[first]))]
    for f in fragments:
        out.append(chunk(model, ChoiceDelta(tool_calls=[ChoiceDeltaToolCall(
            index=0, function=ChoiceDeltaToolCallFunction(arguments=f))])))
    out.append(chunk(model, ChoiceDelta(), "tool_calls"))
    return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    key = None

    def log_message(self, *a):
        pass

    def send_json(self, status, obj, headers=None):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, message, code, etype, headers=None):
        e = ErrorObject(message=message, type=etype, code=code, param=None)
        self.send_json(status, {"error": e.model_dump()}, headers)

    def start_sse(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def raw(self, text):
        data = text.encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def events(self, payloads, delay=0.0, done=True):
        for p in payloads:
            self.raw("data: " + p + "\n\n")
            if delay:
                time.sleep(delay)
        if done:
            self.raw("data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def do_GET(self):
        if self.path.rstrip("/").endswith("/models"):
            return self.send_json(200, {"object": "list", "data": [{"id": "text", "object": "model", "owned_by": "osvm"}]})
        self.send_json(404, {"error": {"message": "not found"}})

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        req = json.loads(self.rfile.read(n) or b"{}")
        if not self.path.rstrip("/").endswith("/chat/completions"):
            return self.send_json(404, {"error": {"message": "404 page not found"}})
        if self.key and self.headers.get("Authorization") != "Bearer " + self.key:
            return self.error(401, "Incorrect API key provided.", "invalid_api_key", "invalid_request_error")
        model = req.get("model", "")
        msgs = req.get("messages", [])
        last = msgs[-1] if msgs else {}
        with LOCK:
            COUNTS[model] = COUNTS.get(model, 0) + 1
            count = COUNTS[model]
        after_tool = last.get("role") == "tool"
        if model == "missing-model":
            return self.error(404, f"The model `{model}` does not exist", "model_not_found", "invalid_request_error")
        if model == "fault-500":
            return self.error(500, "scripted internal error", None, "server_error")
        if model == "fault-429-once" and count == 1:
            return self.error(429, "Rate limit reached", "rate_limit_exceeded", "requests", {"Retry-After": "0"})
        if model == "json":
            c = ChatCompletion(id="chatcmpl-json", object="chat.completion", created=int(time.time()), model=model,
                               choices=[FullChoice(index=0, finish_reason="stop",
                                                   message=ChatCompletionMessage(role="assistant", content="plain JSON answer"))])
            return self.send_json(200, json.loads(c.model_dump_json(exclude_none=True)))
        self.start_sse()
        if after_tool:
            return self.events(text_chunks(model, ["Tool said: ", str(last.get("content"))]))
        if model == "tool-ovsm":
            return self.events(tool_chunks(model, "run_ovsm", ['{"co', 'de": "(+ 4', '0 2)"}']))
        if model == "tool-bad-json":
            return self.events(tool_chunks(model, "run_ovsm", ['{"code": (+ 1', ' 2']))
        if model == "tool-hang":
            return self.events(tool_chunks(model, "hang", ['{}']))
        if model.startswith("text:"):
            k = int(model.split(":", 1)[1])
            return self.events(text_chunks(model, [f"t{i} " for i in range(k)]))
        if model == "slow":
            return self.events(text_chunks(model, [f"s{i} " for i in range(200)]), delay=0.05)
        if model == "fault-malformed":
            self.raw("data: " + chunk(model, ChoiceDelta(content="ok ")) + "\n\n")
            self.raw("data: {not json\n\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        if model == "fault-disconnect":
            for p in text_chunks(model, ["partial ", "answer "])[:3]:
                self.raw("data: " + p + "\n\n")
            time.sleep(0.05)
            self.close_connection = True
            self.connection.shutdown(2)
            return
        return self.events(text_chunks(model, ["Hello ", "from ", "the ", "scripted ", "server."]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--key", default=None)
    a = ap.parse_args()
    Handler.key = a.key
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    srv.daemon_threads = True
    print("PORT", srv.server_address[1], flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), srv.shutdown()), daemon=True).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
