"""wrk, the load generator every HTTP benchmark here uses (a C program, so the Python
client does not compete with the server for the same cores), and a parser for its
report. `wrk` is Debian's package (`make bench` installs it)."""

import re
import shutil
import subprocess
from dataclasses import dataclass


@dataclass
class Load:
    """One wrk run: requests per second, latency percentiles in milliseconds, the
    responses that were not 2xx or 3xx and the socket errors wrk counted."""

    rps: float
    p50: float
    p99: float
    non_2xx: int
    errors: int


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def parse(out: str) -> Load:
    """A `wrk --latency` report as a Load; ValueError when it has no result."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)\s*$", out, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)\s*$", out, re.MULTILINE)
    if not (rps and p50 and p99):
        raise ValueError(f"no result in wrk's report:\n{out}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return Load(
        rps=float(rps.group(1)),
        p50=_ms(p50.group(1)),
        p99=_ms(p99.group(1)),
        non_2xx=int(bad.group(1)) if bad else 0,
        # Read errors are the server closing each connection (gunicorn's sync workers
        # do, after every response), not failures.
        errors=sum(int(errors.group(n)) for n in (1, 3, 4)) if errors else 0,
    )


def start(
    url: str, *, connections: int = 64, seconds: float = 10, headers=()
) -> subprocess.Popen:
    """wrk on `url` in the background; `finish` waits for it."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install -y wrk (make bench does)")
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds:.0f}s", "--latency",
            "--timeout", "30s"]  # fmt: skip
    for header in headers:
        args += ["-H", header]
    return subprocess.Popen([*args, url], stdout=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> Load:
    out, _err = process.communicate(timeout=600)
    return parse(out)


def wrk(url: str, *, connections: int = 64, seconds: float = 10, headers=()) -> Load:
    """wrk on `url` for `seconds` with `connections` open at once (2 threads)."""
    return finish(start(url, connections=connections, seconds=seconds, headers=headers))
