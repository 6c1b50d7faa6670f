#!/usr/bin/env python3
"""An OpenAI chat-completions peer for the AI pass of `osvm audit` (AuditAITests).

    python3 chat_peer.py MODE LOG      # prints "PORT <n>", serves on 127.0.0.1:<n> until stdin closes

POST /v1/chat/completions is answered by MODE:
  good     SSE stream (the client asks for stream: true): an explanation for every finding id in
           the prompt and one note at the first finding's file:line
  fenced   the same answer as one application/json completion, inside a ```json fence
  garbage  SSE stream whose content is not JSON
  status500  HTTP 500 with an OpenAI error body
  slow     accepts the request and never answers in time
Every request body is appended to LOG as one JSON line, so a test can see whether a request came.
Standard library only: it runs with any python3.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODE, LOG = sys.argv[1], sys.argv[2]


def answer_for(body):
    """The model's text for a request: explanations for the ids the prompt lists, one note."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    findings = json.loads(user[user.index("\n") + 1:])
    explanations = [{"id": f["id"], "text": "AI explains %s at %s:%d." % (f["rule"], f["file"], f["line"])} for f in findings]
    first = findings[0]
    notes = [{"file": first["file"], "line": first["line"], "title": "AI note title",
              "message": "AI note about line %d." % first["line"]}]
    return json.dumps({"explanations": explanations, "notes": notes})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, content_type, data):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        self.close_connection = True

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with open(LOG, "a") as log:
            log.write(json.dumps({"path": self.path, "body": raw.decode("utf-8", "replace")}) + "\n")
        if self.path.rstrip("/") != "/v1/chat/completions":
            return self.send(404, "application/json", b'{"error":{"message":"not found"}}')
        body = json.loads(raw)
        if MODE == "status500":
            return self.send(500, "application/json", b'{"error":{"message":"model crashed","type":"server_error"}}')
        if MODE == "slow":
            time.sleep(60)
            return self.send(200, "application/json", b"{}")
        model = body.get("model", "m")
        if MODE == "fenced":
            content = "```json\n" + answer_for(body) + "\n```"
            completion = {"id": "c1", "object": "chat.completion", "model": model,
                          "choices": [{"index": 0, "finish_reason": "stop",
                                       "message": {"role": "assistant", "content": content}}]}
            return self.send(200, "application/json", json.dumps(completion).encode())
        content = answer_for(body) if MODE == "good" else "Sure! Here are my thoughts: {not json"
        events = []
        for i in range(0, len(content), 40):   # several deltas, as a real server streams tokens
            chunk = {"id": "c1", "object": "chat.completion.chunk", "model": model,
                     "choices": [{"index": 0, "delta": {"content": content[i:i + 40]}, "finish_reason": None}]}
            events.append("data: " + json.dumps(chunk) + "\n\n")
        done = {"id": "c1", "object": "chat.completion.chunk", "model": model,
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
        events.append("data: " + json.dumps(done) + "\n\n")
        events.append("data: [DONE]\n\n")
        self.send(200, "text/event-stream", "".join(events).encode())


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("PORT %d" % server.server_address[1], flush=True)
    # The test holds our stdin: when it closes (or the test process dies), stop.
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
