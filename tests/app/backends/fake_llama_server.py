#!/usr/bin/env python3
"""A stand-in for llama-server's OpenAI-compatible API, for tests (stdlib only).

The mode is the first path segment, so one server serves every case:
  http://127.0.0.1:PORT/<mode>/v1/chat/completions   (POST, stream: true)
  http://127.0.0.1:PORT/<mode>/v1/models             (GET)
  http://127.0.0.1:PORT/last                          (GET: the last chat request, see below)
Modes:
  normal     streams "Hello", ",", " world", "!" as llama-server does (role chunk, content chunks, a final chunk
             with finish_reason "stop", with include_usage a usage chunk; `timings` on the last of them;
             "data: [DONE]"), CRLF line ends, a comment
  length     like normal, finish_reason "length"
  usage      OpenAI style: no `timings`, `usage` only (when asked for with stream_options.include_usage)
  error500   HTTP 500 with llama-server's JSON error body
  notfound   HTTP 404 with a JSON error body (what a wrong base URL gets)
  malformed  one good chunk, then "data: {not json"
  midfail    one good chunk, then an {"error": ...} event
  stall      one good chunk, then nothing (the connection stays open) for 60 s
  silent     accepts the request and sends nothing at all (no status line) for 60 s
  strict     refuses unknown request fields (stream_options) with HTTP 400 as OpenAI does; else as usage
  plainjson  ignores stream: true and answers one JSON completion (a server that cannot stream)
  lingerdone sends the whole answer and [DONE], then keeps the stream open for 60 s
  lingerfin  sends the answer with its finish chunk, then nothing more (no [DONE]) for 60 s
  slowstart  waits 1.5 s before the first piece (a long prompt on a big model), then as normal
  slow       200 pieces, one every 50 ms (for cancel); records when the client closed the stream
/last answers {"path", "body" (the request JSON), "authorization", "disconnected" (slow: the client closed the
stream before the end), "pieces_sent"}.

Prints "PORT <n>" on stdout once listening (port 0 = any free port), then serves until killed.
"""
import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST = {}
LOCK = threading.Lock()
PIECES = ["Hello", ",", " world", "!"]


def chunk(content=None, finish=None, role=None, extra=None):
    delta = {}
    if role:
        delta["role"] = role
    if content is not None or role:
        delta["content"] = content  # llama-server's first chunk: {"role": "assistant", "content": null}
    obj = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1, "model": "fake-model",
           "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    if extra:
        obj.update(extra)
    return obj


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send_json(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def start_stream(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def event(self, obj, eol="\n"):
        data = obj if isinstance(obj, str) else json.dumps(obj)
        self.wfile.write(f"data: {data}{eol}{eol}".encode())
        self.wfile.flush()

    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if parts == ["last"]:
            with LOCK:
                return self.send_json(200, LAST)
        if len(parts) == 3 and parts[1:] == ["v1", "models"] and parts[0] not in ("notfound", "error500"):
            return self.send_json(200, {"object": "list", "data": [{
                "id": "fake-model.gguf", "object": "model", "owned_by": "llamacpp",
                "meta": {"n_params": 260000, "n_vocab": 512, "n_ctx_train": 512}}]})
        self.send_json(404, {"error": {"code": 404, "message": "File Not Found", "type": "not_found_error"}})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        parts = self.path.strip("/").split("/")
        mode = parts[0] if parts else ""
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        with LOCK:
            LAST.clear()
            LAST.update(path=self.path, body=body, authorization=self.headers.get("Authorization"),
                        disconnected=False, pieces_sent=0)
        if parts[1:] != ["v1", "chat", "completions"] or mode == "notfound":
            return self.send_json(404, {"error": {"code": 404, "message": "File Not Found",
                                                  "type": "not_found_error"}})
        if mode == "error500":
            return self.send_json(500, {"error": {"code": 500, "message": "failed to load model: out of memory",
                                                  "type": "server_error"}})
        if mode == "strict" and isinstance(body, dict) and "stream_options" in body:
            return self.send_json(400, {"error": {"message": "Unrecognized request argument supplied: "
                                                             "stream_options", "type": "invalid_request_error"}})
        if mode == "silent":
            time.sleep(60)
            return
        if mode == "plainjson":
            return self.send_json(200, {"choices": [{"message": {"role": "assistant", "content": "Hi"},
                                                     "finish_reason": "stop"}]})
        self.start_stream()
        try:
            self.stream(mode, body or {})
        except (BrokenPipeError, ConnectionResetError):
            with LOCK:
                LAST["disconnected"] = True

    def stream(self, mode, body):
        eol = "\r\n" if mode == "normal" else "\n"
        self.wfile.write(b": keep-alive comment\r\n\r\n" if mode == "normal" else b"")
        self.event(chunk(role="assistant", content=None), eol)
        if mode == "malformed":
            self.event(chunk("Hello"))
            self.event("{not json")
            return
        if mode == "midfail":
            self.event(chunk("Hello"))
            self.event({"error": {"code": 500, "message": "slot 0 crashed", "type": "server_error"}})
            return
        if mode == "slowstart":
            time.sleep(1.5)
        if mode == "stall":
            self.event(chunk("Hello"))
            time.sleep(60)
            return
        pieces = PIECES if mode != "slow" else [f"w{i} " for i in range(200)]
        for i, p in enumerate(pieces):
            self.event(chunk(p), eol)
            with LOCK:
                LAST["pieces_sent"] = i + 1
            if mode == "slow":
                time.sleep(0.05)
        finish = "length" if mode == "length" else "stop"
        n = len(pieces)
        timings = {"cache_n": 3, "prompt_n": 9, "prompt_ms": 12.5, "prompt_per_token_ms": 1.39,
                   "prompt_per_second": 720.0, "predicted_n": n, "predicted_ms": 40.0,
                   "predicted_per_token_ms": 10.0, "predicted_per_second": 100.0}
        # As llama-server (tools/server/server-task.cpp, 2026): the finish chunk, then with include_usage a
        # chunk with empty choices and `usage`; `timings` go on whichever chunk is last.
        final = [chunk(None, finish)]
        if (body.get("stream_options") or {}).get("include_usage"):
            usage = {"prompt_tokens": 12, "completion_tokens": n, "total_tokens": 12 + n,
                     "prompt_tokens_details": {"cached_tokens": 3}}
            final.append({"id": "chatcmpl-test", "object": "chat.completion.chunk", "choices": [],
                          "usage": usage})
        if mode not in ("usage", "strict"):
            final[-1]["timings"] = timings
        for obj in final:
            self.event(obj, eol)
        if mode == "lingerfin":
            time.sleep(60)
            return
        self.event("[DONE]", eol)
        if mode == "lingerdone":
            time.sleep(60)
        with LOCK:
            LAST["finished"] = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
