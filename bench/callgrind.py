"""CPU instructions per request, counted by valgrind's callgrind.

The method of ../shared/perf-anchors/instr.sh: bench/wsgi_loop.py serves one path through a
project's WSGI handler, in process, WARMUP + N times under callgrind; run with N1 and then
N2 requests, the difference of the two totals divided by N2 - N1 is one request, start-up
and warm-up left out. The count is the same whatever else the machine is doing, which
requests per second on a shared machine are not.
"""

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

WSGI_LOOP = Path(__file__).resolve().parent / "wsgi_loop.py"


@dataclass(frozen=True)
class Count:
    """What one callgrind run of wsgi_loop.py reported."""

    instructions: int
    page_bytes: int


class CountFailed(Exception):
    """The program under callgrind failed (a response other than 200, a crash)."""


def read_output(output):
    """The Count in the output of a callgrind run of wsgi_loop.py (valgrind's and ours)."""
    collected = re.findall(r"^==\d+== Collected : (\d+)$", output, re.MULTILINE)
    size = re.findall(r"^bytes=(\d+)$", output, re.MULTILINE)
    if not collected or not size:
        lines = [line for line in output.splitlines() if not line.startswith("==")]
        raise CountFailed("\n".join(lines[-8:]) or "no output")
    return Count(int(collected[-1]), int(size[-1]))


def per_request(first, second, *, n1, n2):
    """Instructions of one request: the difference of two runs over the requests it adds."""
    if n2 <= n1:
        raise ValueError("N2 must be larger than N1")
    return (second.instructions - first.instructions) // (n2 - n1)


def count(*, python, project, settings, path, requests, warmup, environment):
    """One run of `requests` requests to `path` (after `warmup` more) under callgrind."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        str(python),
        str(WSGI_LOOP),
        path,
        str(warmup),
        str(requests),
    ]
    run_environment = {
        **environment,
        "DJANGO_SETTINGS_MODULE": settings,
        # Python salts its string hashes per process: fixed, the two runs hash alike.
        "PYTHONHASHSEED": "0",
    }
    finished = subprocess.run(
        command,
        cwd=project,
        env=run_environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return read_output(finished.stdout)


def instructions(*, n1, n2, warmup, before=None, **target):
    """(instructions per request, page bytes) for one path: two counts, N1 and N2 requests.

    `before`, when given, is called before each count (e.g. to empty a shared cache, so that
    both counts start alike); `target` is what count() needs besides the request numbers."""
    counts = []
    for requests in (n1, n2):
        if before:
            before()
        counts.append(count(requests=requests, warmup=warmup, **target))
    return per_request(*counts, n1=n1, n2=n2), counts[1].page_bytes


def valgrind_version():
    try:
        return subprocess.run(
            ["valgrind", "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def available():
    """Whether valgrind can be run here."""
    return bool(valgrind_version()) and os.name == "posix"
