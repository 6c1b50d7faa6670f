#!/usr/bin/env python3
"""Invokes a deployed memo program with solders (an independent client, not osvm).

    invoke_memo.py URL PROGRAM_ID PAYER_KEYPAIR_JSON TEXT
Prints one JSON object: {"signature", "err", "logs"} from the validator's getTransaction.
"""
import json
import sys
import time
import urllib.request

from solders.hash import Hash
from solders.instruction import AccountMeta, Instruction
from solders.keypair import Keypair
from solders.message import Message
from solders.pubkey import Pubkey
from solders.transaction import Transaction


def rpc(url, method, params):
    req = urllib.request.Request(url, json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode(),
                                 {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        body = json.loads(r.read())
    if "error" in body:
        return {"error": body["error"]}
    return body["result"]


def main():
    url, program, keyfile, text = sys.argv[1:5]
    payer = Keypair.from_bytes(bytes(json.load(open(keyfile))))
    ix = Instruction(Pubkey.from_string(program), text.encode(), [AccountMeta(payer.pubkey(), True, False)])
    bh = Hash.from_string(rpc(url, "getLatestBlockhash", [])["value"]["blockhash"])
    tx = Transaction([payer], Message([ix], payer.pubkey()), bh)
    import base64
    sent = rpc(url, "sendTransaction", [base64.b64encode(bytes(tx)).decode(), {"encoding": "base64"}])
    if isinstance(sent, dict) and "error" in sent:
        print(json.dumps({"signature": None, "err": sent["error"], "logs": (sent["error"].get("data") or {}).get("logs", [])}))
        return
    deadline = time.time() + 30
    while time.time() < deadline:
        t = rpc(url, "getTransaction", [sent, {"encoding": "json", "maxSupportedTransactionVersion": 0}])
        if t:
            print(json.dumps({"signature": sent, "err": t["meta"]["err"], "logs": t["meta"]["logMessages"]}))
            return
        time.sleep(0.1)
    print(json.dumps({"signature": sent, "err": "not found", "logs": []}))


if __name__ == "__main__":
    main()
