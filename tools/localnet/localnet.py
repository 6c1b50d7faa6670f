#!/usr/bin/env python3
"""osvm local validator: a Solana JSON-RPC server on LiteSVM (from the `solders` package).

LiteSVM is the real Agave SVM in-process: real ed25519 signature verification, fees,
blockhash checks and the System/Memo/Token programs. This server adds what an RPC node
keeps around it: a slot clock, transaction history, an address index, a faucet.

    python3 localnet.py --port 0          # prints "LISTENING <port>" once ready
    curl -s 127.0.0.1:<port> -d '{"jsonrpc":"2.0","id":1,"method":"getHealth"}'

Design notes (see shared/design/PEERS.md §1):
* LiteSVM only accepts the latest blockhash, so airdrops are real transfers from a faucet
  account plus a Memo carrying a counter: every airdrop has a unique signature and the
  blockhash stays valid for clients that fetched it earlier.
* Each landed transaction advances the slot by one.
* Responses are written with sorted keys, like the Agave RPC server (serde_json::Value).
* Errors use the validator's JSON shapes: -32002 "Transaction simulation failed: ..." with
  `data.err` such as "SignatureFailure" or {"InstructionError":[0,{"Custom":1}]}.
"""
import argparse
import base64
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    from solders.account import Account
    from solders.hash import Hash
    from solders.instruction import Instruction
    from solders.keypair import Keypair
    from solders.litesvm import LiteSVM
    from solders.message import Message
    from solders.pubkey import Pubkey
    from solders.signature import Signature
    from solders.system_program import TransferParams, transfer
    from solders.transaction import Transaction, VersionedTransaction
    from solders.transaction_metadata import FailedTransactionMetadata
except ImportError as e:  # pragma: no cover
    sys.stderr.write("localnet: the Python package `solders` is missing (%s); run tools/localnet/setup.sh\n" % e)
    sys.exit(3)

VERSION = "2.2.0"
FEATURE_SET = 3294202862
SLOTS_PER_EPOCH = 432000
MEMO_PROGRAM = Pubkey.from_string("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr")
SYSTEM_PROGRAM = Pubkey.from_string("11111111111111111111111111111111")
TOKEN_PROGRAM = Pubkey.from_string("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA")
LAMPORTS_PER_SIGNATURE = 5000
B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58_ALPHABET[r] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


def b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        i = B58_ALPHABET.find(ch)
        if i < 0:
            raise ValueError("invalid base58 character")
        n = n * 58 + i
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(text) - len(text.lstrip("1"))
    return b"\0" * pad + body


class RPCError(Exception):
    def __init__(self, code, message, data=None):
        super().__init__(message)
        self.code, self.message, self.data = code, message, data

    def to_json(self):
        err = {"code": self.code, "message": self.message}
        if self.data is not None:
            err["data"] = self.data
        return err


def invalid_params(msg):
    return RPCError(-32602, "Invalid params: " + msg)


def parse_pubkey(value, what="pubkey"):
    if not isinstance(value, str):
        raise invalid_params("%s must be a base58 string" % what)
    try:
        raw = b58decode(value)
    except ValueError:
        raise RPCError(-32602, "Invalid param: Invalid")
    if len(raw) != 32:
        raise RPCError(-32602, "Invalid param: WrongSize")
    return Pubkey.from_bytes(raw)


def instruction_error_text(ie):
    """Display text of an InstructionError JSON value (subset of Agave's)."""
    if isinstance(ie, dict) and "Custom" in ie:
        return "custom program error: 0x%x" % ie["Custom"]
    if isinstance(ie, dict):
        k = next(iter(ie))
        return "%s: %s" % (k, ie[k])
    known = {
        "InsufficientFunds": "insufficient funds for instruction",
        "InvalidAccountData": "invalid account data for instruction",
        "MissingRequiredSignature": "missing required signature for instruction",
        "InvalidArgument": "invalid program argument",
        "InvalidInstructionData": "invalid instruction data",
    }
    return known.get(ie, str(ie))


def tx_error_text(err):
    """Display text of a TransactionError JSON value, as Agave prints it."""
    if isinstance(err, dict) and "InstructionError" in err:
        idx, ie = err["InstructionError"]
        return "Error processing Instruction %d: %s" % (idx, instruction_error_text(ie))
    if isinstance(err, dict) and "InsufficientFundsForRent" in err:
        return "Transaction results in an account (%d) with insufficient funds for rent" % (
            err["InsufficientFundsForRent"]["account_index"])
    known = {
        "SignatureFailure": "Transaction did not pass signature verification",
        "BlockhashNotFound": "Blockhash not found",
        "AlreadyProcessed": "This transaction has already been processed",
        "AccountNotFound": "Attempt to debit an account but found no record of a prior credit.",
        "InsufficientFundsForFee": "Insufficient funds for fee",
        "InvalidAccountForFee": "This account may not be used to pay transaction fees",
        "AccountInUse": "Account in use",
        "SanitizeFailure": "Transaction failed to sanitize accounts offsets correctly",
    }
    if isinstance(err, str):
        return known.get(err, err)
    return json.dumps(err, sort_keys=True)


def failed_err(result):
    """The validator's JSON shape of a FailedTransactionMetadata's error."""
    return json.loads(result.to_json())["err"]


class Ledger:
    """All state, guarded by one lock (the HTTP server is threaded)."""

    def __init__(self):
        self.lock = threading.RLock()
        self.svm = LiteSVM()
        self.slot = 1
        self.tx_count = 0
        self.svm.warp_to_slot(self.slot)
        self._set_clock()
        self.faucet = Keypair()
        self.svm.set_account(self.faucet.pubkey(), Account(
            lamports=2 ** 62, data=b"", owner=SYSTEM_PROGRAM, executable=False, rent_epoch=0))
        self.airdrop_counter = 0
        self.txs = {}            # signature str -> record
        self.by_address = {}     # address str -> [signature str] (oldest first)

    # -- clock -------------------------------------------------------------------------
    def _set_clock(self):
        c = self.svm.get_clock()
        c.unix_timestamp = int(time.time())
        c.slot = self.slot
        c.epoch = self.slot // SLOTS_PER_EPOCH
        self.svm.set_clock(c)

    def _advance(self):
        self.slot += 1
        self.svm.warp_to_slot(self.slot)
        self._set_clock()

    def context(self):
        return {"apiVersion": VERSION, "slot": self.slot}

    # -- accounts ----------------------------------------------------------------------
    def balance(self, pk):
        return self.svm.get_balance(pk) or 0

    def account_json(self, pk, encoding):
        acc = self.svm.get_account(pk)
        if acc is None or (acc.lamports == 0 and len(acc.data) == 0):
            return None
        data = bytes(acc.data)
        if encoding == "base58":
            enc = [b58encode(data), "base58"]
        else:
            enc = [base64.b64encode(data).decode(), "base64"]
        return {"data": enc, "executable": acc.executable, "lamports": acc.lamports,
                "owner": str(acc.owner), "rentEpoch": 18446744073709551615, "space": len(data)}

    # -- transactions ------------------------------------------------------------------
    def _record(self, tx, raw, result, pre, keys):
        sig = str(tx.signatures[0])
        post = [self.balance(k) for k in keys]
        if isinstance(result, FailedTransactionMetadata):
            meta, err = result.meta(), failed_err(result)
        else:
            meta, err = result, None
        memo = None
        msg = tx.message
        for ix in msg.instructions:
            if keys[ix.program_id_index] == MEMO_PROGRAM:
                text = bytes(ix.data).decode("utf-8", "replace")
                memo = "[%d] %s" % (len(text), text)
        rec = {"raw": raw, "slot": self.slot, "blockTime": int(time.time()), "err": err,
               "fee": meta.fee(), "pre": pre, "post": post, "logs": list(meta.logs()),
               "units": meta.compute_units_consumed(), "memo": memo, "tx": tx}
        self.txs[sig] = rec
        for k in keys:
            self.by_address.setdefault(str(k), []).append(sig)
        self.tx_count += 1
        self._advance()
        return sig

    def submit(self, raw, skip_preflight):
        try:
            tx = VersionedTransaction.from_bytes(raw)
        except Exception as e:
            raise RPCError(-32602, "invalid transaction: failed to deserialize VersionedTransaction: %s" % e)
        keys = list(tx.message.account_keys)
        if len(tx.signatures) == 0 or not keys:
            raise RPCError(-32602, "invalid transaction: Transaction failed to sanitize accounts offsets correctly")
        with self.lock:
            if not skip_preflight:
                # Agave verifies signatures before simulating (-32003).
                if not all(tx.verify_with_results()):
                    raise RPCError(-32003, "Transaction signature verification failure")
                sim = self.svm.simulate_transaction(tx)
                if isinstance(sim, FailedTransactionMetadata):
                    err = failed_err(sim)
                    m = sim.meta()
                    raise RPCError(-32002, "Transaction simulation failed: " + tx_error_text(err), {
                        "accounts": None, "err": err, "innerInstructions": None,
                        "logs": list(m.logs()), "replacementBlockhash": None, "returnData": None,
                        "unitsConsumed": m.compute_units_consumed()})
            payer = keys[0]
            pre = [self.balance(k) for k in keys]
            result = self.svm.send_transaction(tx)
            if isinstance(result, FailedTransactionMetadata):
                # Landed (fee charged) → recorded as a failed transaction; else nothing landed.
                if self.balance(payer) >= pre[0]:
                    err = failed_err(result)
                    raise RPCError(-32002, "Transaction simulation failed: " + tx_error_text(err),
                                   {"accounts": None, "err": err, "logs": [], "unitsConsumed": 0})
            return self._record(tx, raw, result, pre, keys)

    def airdrop(self, pk, lamports):
        with self.lock:
            self.airdrop_counter += 1
            memo = Instruction(MEMO_PROGRAM, ("osvm-localnet airdrop %d" % self.airdrop_counter).encode(), [])
            ix = transfer(TransferParams(from_pubkey=self.faucet.pubkey(), to_pubkey=pk, lamports=lamports))
            tx = Transaction([self.faucet], Message([ix, memo], self.faucet.pubkey()), self.svm.latest_blockhash())
            vtx = VersionedTransaction.from_bytes(bytes(tx))
            keys = list(vtx.message.account_keys)
            pre = [self.balance(k) for k in keys]
            result = self.svm.send_transaction(vtx)
            if isinstance(result, FailedTransactionMetadata):
                err = failed_err(result)
                raise RPCError(-32600, "airdrop failed: " + tx_error_text(err))
            return self._record(vtx, bytes(vtx), result, pre, keys)

    def tx_json(self, rec, encoding):
        tx = rec["tx"]
        msg = tx.message
        version = "legacy"
        if type(msg).__name__ == "MessageV0":
            version = 0
        if encoding in ("base64", "base58"):
            raw = rec["raw"]
            encoded = [base64.b64encode(raw).decode() if encoding == "base64" else b58encode(raw), encoding]
        else:
            h = msg.header
            m = {"accountKeys": [str(k) for k in msg.account_keys],
                 "header": {"numReadonlySignedAccounts": h.num_readonly_signed_accounts,
                            "numReadonlyUnsignedAccounts": h.num_readonly_unsigned_accounts,
                            "numRequiredSignatures": h.num_required_signatures},
                 "instructions": [{"accounts": list(ix.accounts), "data": b58encode(bytes(ix.data)),
                                   "programIdIndex": ix.program_id_index, "stackHeight": None}
                                  for ix in msg.instructions],
                 "recentBlockhash": str(msg.recent_blockhash)}
            if version == 0:
                m["addressTableLookups"] = [
                    {"accountKey": str(l.account_key), "readonlyIndexes": list(l.readonly_indexes),
                     "writableIndexes": list(l.writable_indexes)} for l in msg.address_table_lookups]
            encoded = {"message": m, "signatures": [str(s) for s in tx.signatures]}
        err = rec["err"]
        meta = {"computeUnitsConsumed": rec["units"], "err": err, "fee": rec["fee"],
                "innerInstructions": [], "loadedAddresses": {"readonly": [], "writable": []},
                "logMessages": rec["logs"], "postBalances": rec["post"], "postTokenBalances": [],
                "preBalances": rec["pre"], "preTokenBalances": [], "rewards": [],
                "status": {"Ok": None} if err is None else {"Err": err}}
        return {"blockTime": rec["blockTime"], "meta": meta, "slot": rec["slot"],
                "transaction": encoded, "version": version}

    def status_json(self, rec):
        err = rec["err"]
        return {"confirmationStatus": "finalized", "confirmations": None, "err": err,
                "slot": rec["slot"], "status": {"Ok": None} if err is None else {"Err": err}}


def decode_tx_param(params):
    if not params or not isinstance(params[0], str):
        raise invalid_params("expected an encoded transaction string")
    cfg = params[1] if len(params) > 1 and isinstance(params[1], dict) else {}
    enc = cfg.get("encoding", "base58")
    try:
        if enc == "base64":
            raw = base64.b64decode(params[0], validate=True)
        elif enc == "base58":
            raw = b58decode(params[0])
        else:
            raise RPCError(-32602, "Invalid params: unsupported encoding: %s. Supported encodings: base58, base64" % enc)
    except (ValueError, base64.binascii.Error):
        raise RPCError(-32602, "invalid transaction: invalid %s encoding" % enc)
    return raw, cfg


def config_of(params, index):
    if len(params) > index and isinstance(params[index], dict):
        return params[index]
    return {}


class Methods:
    def __init__(self, ledger: Ledger):
        self.L = ledger

    def getHealth(self, p):
        return "ok"

    def getVersion(self, p):
        return {"feature-set": FEATURE_SET, "solana-core": VERSION}

    def getSlot(self, p):
        return self.L.slot

    def getBlockHeight(self, p):
        return self.L.slot

    def getTransactionCount(self, p):
        return self.L.tx_count

    def getEpochInfo(self, p):
        s = self.L.slot
        return {"absoluteSlot": s, "blockHeight": s, "epoch": s // SLOTS_PER_EPOCH,
                "slotIndex": s % SLOTS_PER_EPOCH, "slotsInEpoch": SLOTS_PER_EPOCH,
                "transactionCount": self.L.tx_count}

    def getLatestBlockhash(self, p):
        with self.L.lock:
            return {"context": self.L.context(),
                    "value": {"blockhash": str(self.L.svm.latest_blockhash()),
                              "lastValidBlockHeight": self.L.slot + 150}}

    def isBlockhashValid(self, p):
        if not p or not isinstance(p[0], str):
            raise invalid_params("expected a blockhash")
        with self.L.lock:
            return {"context": self.L.context(), "value": p[0] == str(self.L.svm.latest_blockhash())}

    def getBalance(self, p):
        if not p:
            raise invalid_params("expected a pubkey")
        pk = parse_pubkey(p[0])
        with self.L.lock:
            return {"context": self.L.context(), "value": self.L.balance(pk)}

    def getAccountInfo(self, p):
        if not p:
            raise invalid_params("expected a pubkey")
        pk = parse_pubkey(p[0])
        enc = config_of(p, 1).get("encoding", "base58")
        with self.L.lock:
            return {"context": self.L.context(), "value": self.L.account_json(pk, enc)}

    def getMultipleAccounts(self, p):
        if not p or not isinstance(p[0], list):
            raise invalid_params("expected an array of pubkeys")
        if len(p[0]) > 100:
            raise invalid_params("Too many inputs provided; max 100")
        keys = [parse_pubkey(k) for k in p[0]]
        enc = config_of(p, 1).get("encoding", "base64")
        with self.L.lock:
            return {"context": self.L.context(), "value": [self.L.account_json(k, enc) for k in keys]}

    def getProgramAccounts(self, p):
        """Accounts owned by a program among those this ledger's transactions touched
        (LiteSVM cannot enumerate its accounts); `filters` (memcmp, dataSize) and
        `dataSlice` as the validator applies them."""
        if not p:
            raise invalid_params("expected a program id")
        owner = parse_pubkey(p[0], "program id")
        cfg = config_of(p, 1)
        enc = cfg.get("encoding", "base64")
        filters = cfg.get("filters") or []
        if not isinstance(filters, list) or len(filters) > 4:
            raise invalid_params("filters: at most 4")
        checks = []
        for f in filters:
            if isinstance(f, dict) and "dataSize" in f:
                checks.append(lambda d, n=f["dataSize"]: len(d) == n)
            elif isinstance(f, dict) and isinstance(f.get("memcmp"), dict):
                m = f["memcmp"]
                try:
                    raw = base64.b64decode(m["bytes"]) if m.get("encoding") == "base64" else b58decode(m["bytes"])
                    off = int(m.get("offset", 0))
                except (KeyError, ValueError, TypeError):
                    raise invalid_params("bad memcmp filter")
                checks.append(lambda d, raw=raw, off=off: d[off:off + len(raw)] == raw)
            else:
                raise invalid_params("unknown filter")
        ds = cfg.get("dataSlice")
        with self.L.lock:
            out = []
            for addr in sorted(self.L.by_address.keys()):
                pk = Pubkey.from_string(addr)
                acc = self.L.svm.get_account(pk)
                if acc is None or acc.owner != owner or acc.lamports == 0:
                    continue
                data = bytes(acc.data)
                if not all(c(data) for c in checks):
                    continue
                j = self.L.account_json(pk, enc)
                if isinstance(ds, dict):
                    sliced = data[int(ds.get("offset", 0)):int(ds.get("offset", 0)) + int(ds.get("length", 0))]
                    j["data"] = [b58encode(sliced) if enc == "base58" else base64.b64encode(sliced).decode(), enc]
                out.append({"account": j, "pubkey": addr})
            return out

    def getMinimumBalanceForRentExemption(self, p):
        n = p[0] if p else 0
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise invalid_params("dataLength must be a non-negative integer")
        with self.L.lock:
            return self.L.svm.minimum_balance_for_rent_exemption(n)

    def requestAirdrop(self, p):
        if len(p) < 2:
            raise invalid_params("expected pubkey and lamports")
        pk = parse_pubkey(p[0])
        lamports = p[1]
        if not isinstance(lamports, int) or isinstance(lamports, bool) or lamports <= 0:
            raise invalid_params("lamports must be a positive integer")
        return self.L.airdrop(pk, lamports)

    def sendTransaction(self, p):
        raw, cfg = decode_tx_param(p)
        return self.L.submit(raw, bool(cfg.get("skipPreflight", False)))

    def simulateTransaction(self, p):
        raw, cfg = decode_tx_param(p)
        try:
            tx = VersionedTransaction.from_bytes(raw)
        except Exception as e:
            raise RPCError(-32602, "invalid transaction: failed to deserialize VersionedTransaction: %s" % e)
        with self.L.lock:
            if cfg.get("sigVerify") and not all(tx.verify_with_results()):
                raise RPCError(-32003, "Transaction signature verification failure")
            sim = self.L.svm.simulate_transaction(tx)
            if isinstance(sim, FailedTransactionMetadata):
                err, m = failed_err(sim), sim.meta()
            else:
                err, m = None, sim.meta()
            return {"context": self.L.context(),
                    "value": {"accounts": None, "err": err, "innerInstructions": None,
                              "logs": list(m.logs()), "replacementBlockhash": None,
                              "returnData": None, "unitsConsumed": m.compute_units_consumed()}}

    def getFeeForMessage(self, p):
        if not p or not isinstance(p[0], str):
            raise invalid_params("expected a base64 message")
        try:
            raw = base64.b64decode(p[0], validate=True)
            off = 1 if raw[0] & 0x80 else 0
            nsig = raw[off]
            # skip header (3 bytes) and the shortvec key list to reach the blockhash
            i = off + 3
            n, shift = 0, 0
            while True:
                b = raw[i]; i += 1
                n |= (b & 0x7F) << shift; shift += 7
                if not b & 0x80:
                    break
            i += 32 * n
            blockhash = b58encode(raw[i:i + 32])
            if len(raw) < i + 32:
                raise ValueError("short message")
        except (ValueError, IndexError, base64.binascii.Error):
            raise invalid_params("invalid message")
        with self.L.lock:
            valid = blockhash == str(self.L.svm.latest_blockhash())
            return {"context": self.L.context(), "value": nsig * LAMPORTS_PER_SIGNATURE if valid else None}

    def getSignatureStatuses(self, p):
        if not p or not isinstance(p[0], list):
            raise invalid_params("expected an array of signatures")
        if len(p[0]) > 256:
            raise invalid_params("Too many inputs provided; max 256")
        with self.L.lock:
            out = []
            for s in p[0]:
                rec = self.L.txs.get(s) if isinstance(s, str) else None
                out.append(self.L.status_json(rec) if rec else None)
            return {"context": self.L.context(), "value": out}

    def getSignaturesForAddress(self, p):
        if not p:
            raise invalid_params("expected an address")
        addr = str(parse_pubkey(p[0], "address"))
        cfg = config_of(p, 1)
        limit = cfg.get("limit", 1000)
        if not isinstance(limit, int) or limit < 1 or limit > 1000:
            raise invalid_params("Invalid limit; max 1000")
        before, until = cfg.get("before"), cfg.get("until")
        with self.L.lock:
            sigs = list(reversed(self.L.by_address.get(addr, [])))
            if before in sigs:
                sigs = sigs[sigs.index(before) + 1:]
            if until in sigs:
                sigs = sigs[:sigs.index(until)]
            out = []
            for s in sigs[:limit]:
                rec = self.L.txs[s]
                out.append({"blockTime": rec["blockTime"], "confirmationStatus": "finalized",
                            "err": rec["err"], "memo": rec["memo"], "signature": s, "slot": rec["slot"]})
            return out

    # -- SPL Token (accounts this ledger has seen; parsed like jsonParsed) ---------------
    def _token_amount(self, amount, decimals):
        ui = amount / (10 ** decimals) if decimals else float(amount)
        text = str(amount) if decimals == 0 else ("%d.%0*d" % (amount // 10 ** decimals, decimals, amount % 10 ** decimals)).rstrip("0").rstrip(".")
        return {"amount": str(amount), "decimals": decimals, "uiAmount": ui, "uiAmountString": text}

    def _decimals(self, mint):
        acc = self.L.svm.get_account(mint)
        return bytes(acc.data)[44] if acc is not None and len(acc.data) >= 82 else 0

    def _token_account(self, key):
        acc = self.L.svm.get_account(key)
        if acc is None or acc.owner != TOKEN_PROGRAM or len(acc.data) != 165:
            return None
        d = bytes(acc.data)
        mint, owner = Pubkey.from_bytes(d[0:32]), Pubkey.from_bytes(d[32:64])
        amount = int.from_bytes(d[64:72], "little")
        info = {"isNative": False, "mint": str(mint), "owner": str(owner),
                "state": "frozen" if d[108] == 2 else "initialized",
                "tokenAmount": self._token_amount(amount, self._decimals(mint))}
        return {"data": {"parsed": {"info": info, "type": "account"}, "program": "spl-token", "space": 165},
                "executable": False, "lamports": acc.lamports, "owner": str(acc.owner),
                "rentEpoch": 18446744073709551615, "space": 165}

    def getTokenAccountsByOwner(self, p):
        if len(p) < 2 or not isinstance(p[1], dict):
            raise invalid_params("expected owner and {mint} or {programId}")
        owner = str(parse_pubkey(p[0], "owner"))
        mint = p[1].get("mint")
        with self.L.lock:
            out = []
            for addr in list(self.L.by_address.keys()):
                acct = self._token_account(Pubkey.from_string(addr))
                if acct is None:
                    continue
                info = acct["data"]["parsed"]["info"]
                if info["owner"] == owner and (mint is None or info["mint"] == mint):
                    out.append({"account": acct, "pubkey": addr})
            return {"context": self.L.context(), "value": out}

    def getTokenAccountBalance(self, p):
        if not p:
            raise invalid_params("expected a token account")
        with self.L.lock:
            acct = self._token_account(parse_pubkey(p[0]))
            if acct is None:
                raise RPCError(-32602, "Invalid param: not a Token account")
            return {"context": self.L.context(), "value": acct["data"]["parsed"]["info"]["tokenAmount"]}

    def getTokenSupply(self, p):
        if not p:
            raise invalid_params("expected a mint")
        with self.L.lock:
            acc = self.L.svm.get_account(parse_pubkey(p[0]))
            if acc is None or acc.owner != TOKEN_PROGRAM or len(acc.data) != 82:
                raise RPCError(-32602, "Invalid param: not a Token mint")
            d = bytes(acc.data)
            return {"context": self.L.context(), "value": self._token_amount(int.from_bytes(d[36:44], "little"), d[44])}

    def getTransaction(self, p):
        if not p or not isinstance(p[0], str):
            raise invalid_params("expected a signature")
        try:
            if len(b58decode(p[0])) != 64:
                raise ValueError
        except ValueError:
            raise RPCError(-32602, "Invalid param: Invalid")
        cfg = config_of(p, 1)
        enc = cfg.get("encoding", "json")
        if enc == "jsonParsed":
            enc = "json"
        with self.L.lock:
            rec = self.L.txs.get(p[0])
            if rec is None:
                return None
            mstv = cfg.get("maxSupportedTransactionVersion")
            if type(rec["tx"].message).__name__ == "MessageV0" and mstv is None:
                raise RPCError(-32015, "Transaction version (0) is not supported by the requesting client. "
                                           "Please try the request again with the following configuration parameter: "
                                           "\"maxSupportedTransactionVersion\": 0")
            return self.L.tx_json(rec, enc)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default listen backlog is 5: a client with more connections in flight
    # (osvm deploy writes 16 chunks at once) saw SYNs dropped and 1 s retransmits.
    request_queue_size = 128


def make_handler(methods: Methods, verbose: bool):
    table = {name: getattr(methods, name) for name in dir(methods)
             if not name.startswith("_") and name[0].islower() and callable(getattr(methods, name))}

    def dispatch(req):
        if not isinstance(req, dict) or req.get("jsonrpc") != "2.0" or not isinstance(req.get("method"), str):
            return {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid request"}, "id": None}
        rid = req.get("id")
        params = req.get("params", [])
        fn = table.get(req["method"])
        try:
            if fn is None:
                raise RPCError(-32601, "Method not found")
            if not isinstance(params, list):
                raise invalid_params("params must be an array")
            return {"jsonrpc": "2.0", "result": fn(params), "id": rid}
        except RPCError as e:
            return {"jsonrpc": "2.0", "error": e.to_json(), "id": rid}
        except Exception as e:  # never let one request kill the server
            return {"jsonrpc": "2.0", "error": {"code": -32603, "message": "Internal error: %s" % e}, "id": rid}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True   # headers and body go out as separate writes
        server_version = "osvm-localnet/" + VERSION

        def log_message(self, fmt, *args):
            if verbose:
                sys.stderr.write("localnet: " + (fmt % args) + "\n")

        def _send(self, code, body: bytes, ctype="application/json"):
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path == "/health":
                self._send(200, b"ok", "text/plain")
            else:
                self._send(405, b"Used HTTP Method is not allowed. POST or OPTIONS is required", "text/plain")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            try:
                req = json.loads(body)
            except (ValueError, UnicodeDecodeError):
                resp = {"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": None}
            else:
                if isinstance(req, list):
                    if not req:
                        resp = {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid request"}, "id": None}
                    else:
                        resp = [dispatch(r) for r in req]
                else:
                    resp = dispatch(req)
            self._send(200, json.dumps(resp, sort_keys=True, separators=(",", ":")).encode())

    return Handler


def main():
    ap = argparse.ArgumentParser(description="osvm local validator (LiteSVM JSON-RPC)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8899, help="0 picks a free port")
    ap.add_argument("--verbose", action="store_true", help="log every request on stderr")
    args = ap.parse_args()

    ledger = Ledger()
    server = Server((args.host, args.port), make_handler(Methods(ledger), args.verbose))

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    # A parent may have spawned us with these blocked (e.g. from a worker thread).
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("LISTENING %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()
    sys.stderr.write("localnet: stopped\n") if args.verbose else None


if __name__ == "__main__":
    main()
