"""https: the same transport as http (our socket code, OpenSSL's TLS), so every fault of
faulty_rpc.py behind TLS ends the same way — including the gzip bomb, which URLSession
(libcurl) used to inflate to gigabytes. Plus the certificate checks: an untrusted
certificate, a certificate for another name, and a plain-http server on an https URL each
give one clear line and exit 1. The test makes its own CA-less self-signed certificate
(openssl) and trusts it through SSL_CERT_FILE, as any OpenSSL program does.

Run:  python3 -m pytest -q tests/faults/test_https.py
"""
import os, pathlib, subprocess, sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import matrix  # noqa: E402

BIN = os.environ.get("OSVM_BIN") or str(ROOT / ".build" / "debug" / "osvm")
pytestmark = pytest.mark.skipif(not os.access(BIN, os.X_OK), reason=f"no osvm binary at {BIN}")


def make_cert(d, cn, san):
    cert, key = d / f"{cn}.pem", d / f"{cn}.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", f"/CN={cn}", "-addext", f"subjectAltName={san}",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return str(cert), str(key)


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    d = tmp_path_factory.mktemp("tls")
    return {"good": make_cert(d, "localhost", "IP:127.0.0.1,DNS:localhost"),
            "other": make_cert(d, "elsewhere", "DNS:elsewhere.example")}


@pytest.fixture(scope="module")
def server(certs):
    with matrix.Server(tls=certs["good"]) as s:
        yield s


@pytest.fixture()
def home(tmp_path):
    return str(tmp_path)


# Every fault, the commands that read a body (the rest take the same path).
COMMANDS = [c for c in matrix.COMMANDS if c[0] in ("rpc slot", "balance", "ovsm (getSlot)")]


@pytest.mark.parametrize("mode", [m for m, _ in matrix.modes()])
def test_every_fault_behind_tls_fails_cleanly(server, certs, home, mode):
    trust = {"SSL_CERT_FILE": certs["good"][0]}
    problems = []
    for name, argv in COMMANDS:
        cell = dict(matrix.run_cell(BIN, server.base, mode, argv, home, env_extra=trust), command=name)
        bad = matrix.check(mode, cell)
        if bad:
            problems.append("%s: %s (stderr %r)" % (name, ", ".join(bad), cell["stderr"][:300]))
    assert not problems, "\n".join(problems)


def test_gzip_bomb_over_https_is_refused_in_bounded_memory(server, certs, home):
    cell = matrix.run_cell(BIN, server.base, "gzip-bomb", ["rpc", "slot"], home,
                           env_extra={"SSL_CERT_FILE": certs["good"][0]})
    assert cell["exit"] == 1 and "compressed body" in cell["stderr"], cell
    assert cell["rss_mb"] < 150, cell


def test_an_untrusted_certificate_is_refused(server, home):
    cell = matrix.run_cell(BIN, server.base, "ok", ["rpc", "slot"], home, env_extra={"SSL_CERT_FILE": "/nonexistent"})
    assert cell["exit"] == 1, cell
    assert "certificate not trusted" in cell["stderr"], cell["stderr"]
    assert len(cell["stderr"].strip().split("\n")) == 1


def test_a_certificate_for_another_name_is_refused(certs, home):
    with matrix.Server(tls=certs["other"]) as other:
        cell = matrix.run_cell(BIN, other.base, "ok", ["rpc", "slot"], home,
                               env_extra={"SSL_CERT_FILE": certs["other"][0]})
    assert cell["exit"] == 1 and "certificate not trusted" in cell["stderr"], cell["stderr"]


def test_https_to_a_plain_http_server_says_so(home):
    with matrix.Server() as plain:
        cell = matrix.run_cell(BIN, plain.base.replace("http://", "https://"), "ok", ["rpc", "slot"], home)
    assert cell["exit"] == 1 and "TLS" in cell["stderr"], cell["stderr"]
    assert cell["seconds"] < 10


def test_a_trusted_server_answers(server, certs, home):
    cell = matrix.run_cell(BIN, server.base, "ok", ["rpc", "slot"], home, env_extra={"SSL_CERT_FILE": certs["good"][0]})
    assert cell["exit"] == 0, cell["stderr"]


def loaded_libraries(argv, env_extra, home):
    """The shared objects the dynamic loader opened for one run (LD_DEBUG=files)."""
    env = dict(os.environ, HOME=home, LD_DEBUG="files", **env_extra)
    r = subprocess.run([BIN, *argv], capture_output=True, text=True, env=env, timeout=60)
    return r, {line.split("file=")[1].split()[0] for line in r.stderr.splitlines() if "file=" in line}


def test_openssl_is_loaded_only_when_tls_is_used(server, certs, home):
    # Start-up: OpenSSL is not loaded (COpenSSL.h: it cost ~0.9 ms at every start).
    r, libs = loaded_libraries(["ovsm", "eval", "(+ 1 2)"], {}, home)
    assert r.returncode == 0 and r.stdout.strip() == "3"
    assert not any("libssl" in l or "libcrypto" in l for l in libs), libs
    # Nor ncurses (CNcurses.h): only the workbench loads it.
    assert not any("ncurses" in l or "libtinfo" in l for l in libs), libs
    # The first https request loads it (dlopen), and the request works.
    r, libs = loaded_libraries(["rpc", "slot", "-u", server.base + "/ok"], {"SSL_CERT_FILE": certs["good"][0]}, home)
    assert r.returncode == 0, r.stderr[-500:]
    assert any("libssl.so.3" in l for l in libs) and any("libcrypto.so.3" in l for l in libs), libs


def test_osvm_is_linked_without_start_up_relocations():
    # ARCHITECTURE.md "Start-up": as a PIE, ld.so applied ~87,000 relative relocations at
    # every exec (657 vs 421 page faults for `ovsm eval 1`). OSVM_PIE=1 builds opt out.
    if os.environ.get("OSVM_PIE") == "1":
        pytest.skip("built with OSVM_PIE=1")
    header = subprocess.run(["readelf", "-h", BIN], capture_output=True, text=True, check=True).stdout
    assert "EXEC (Executable file)" in header, header
    relocs = subprocess.run(["readelf", "-r", BIN], capture_output=True, text=True, check=True).stdout
    assert relocs.count("R_X86_64_RELATIVE") < 100, "relative relocations are back"
