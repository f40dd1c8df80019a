"""The servers the bench starts, and wrk, which loads them."""

import json
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def output_of(command, timeout):
    return subprocess.run(
        command, check=True, text=True, capture_output=True, timeout=timeout
    ).stdout


class Servers:
    """Every server the bench starts, stopped by its own process id when the bench ends."""

    def __init__(self, logs):
        self.logs = logs
        self.processes = {}

    def start(self, name, command, *, cwd, environment):
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - lives as long as the server.
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes[name] = process
        return process

    def stop(self):
        for name, process in reversed(self.processes.items()):
            if process.poll() is None:
                # nginx stops gracefully on QUIT, gunicorn on TERM.
                process.send_signal(signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()

    def wait_for(self, name, url, seconds=60):
        process = self.processes[name]
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                sys.exit(f"{name} exited; see {self.logs / (name + '.log')}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    return response.read().decode()
            except OSError:
                time.sleep(0.3)
        sys.exit(f"Nothing answered at {url} after {seconds} s")


def gunicorn_command(gunicorn_program, port, application, *extra, workers):
    return [
        str(gunicorn_program),
        *extra,
        # On the command line, these win over a config file (deploy/gunicorn.conf.py runs one
        # threaded worker without Redis): every server measured has the same sync workers.
        "--workers",
        str(workers),
        "--threads",
        "1",
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        application,
    ]


def worker_memory(master_pid):
    """Resident memory (VmRSS, kB) of each worker of a gunicorn master, by reading /proc."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        parent = re.search(r"^PPid:\s+(\d+)", status, re.MULTILINE)
        rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if parent and rss and int(parent[1]) == master_pid:
            sizes.append(int(rss[1]))
    return sorted(sizes)


# --- wrk ---------------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url, *, connections, seconds, script=None):
    command = ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{seconds}s"]
    if script:
        command += ["-s", str(script)]
    output = output_of([*command, url], timeout=seconds + 60)
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if set(percentiles) != {"50", "99"}:
        sys.exit(f"Could not read wrk's latency percentiles for {url}:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    # "Socket errors: connect 0, read 0, write 0, timeout 3": requests that never got an answer.
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    bad_responses = int(errors[1]) if errors else 0
    failed_requests = sum(map(int, re.findall(r"\d+", socket_errors[1]))) if socket_errors else 0
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": milliseconds(percentiles["50"]),
        "p99_ms": milliseconds(percentiles["99"]),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "bad_responses": bad_responses,
        "socket_errors": socket_errors[1] if socket_errors else "none",
        "failed_requests": failed_requests,
        "errors": bad_responses + failed_requests,
    }


ROTATE_SCRIPT = """\
paths = {{{paths}}}
counter = 0
request = function()
    counter = counter + 1
    return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


def rotate_script(path, paths):
    """A wrk script at `path` that asks for each of `paths` in turn."""
    script = path
    script.write_text(ROTATE_SCRIPT.format(paths=", ".join(json.dumps(path) for path in paths)))
    return script


def rotated(items, turn):
    """The items in a different order each round, so that no target always goes first."""
    turn %= len(items)
    return items[turn:] + items[:turn]
