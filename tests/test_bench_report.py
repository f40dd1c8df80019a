"""bench/run.py reads wrk's report: a request that never got an answer counts as failed."""

import pytest

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:8141/
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    62.88ms  120.31ms   1.99s    96.12%
    Req/Sec   201.52     40.11   310.00     70.00%
  Latency Distribution
     50%   62.88ms
     75%   80.10ms
     90%  101.22ms
     99%    1.44s
  24083 requests in 1.00m, 1.10GB read
{errors}Requests/sec:    401.04
Transfer/sec:     18.80MB
"""


@pytest.fixture(scope="module")
def bench_run(bench_script):
    return bench_script("run")


def read_wrk(bench_run, monkeypatch, errors):
    monkeypatch.setattr(bench_run, "run", lambda *args, **kwargs: WRK_OUTPUT.format(errors=errors))
    return bench_run.wrk("http://127.0.0.1:8141/")


def test_timeouts_and_socket_errors_count_as_failed_requests(bench_run, monkeypatch):
    result = read_wrk(
        bench_run,
        monkeypatch,
        "  Socket errors: connect 0, read 2, write 1, timeout 168\n  Non-2xx or 3xx responses: 4\n",
    )

    assert result["requests_per_second"] == 401.04
    assert result["p50_ms"] == 62.88
    assert result["p99_ms"] == 1440.0
    assert result["bad_responses"] == 4
    assert result["failed_requests"] == 171
    assert result["errors"] == 175


def test_a_clean_run_has_no_errors(bench_run, monkeypatch):
    result = read_wrk(bench_run, monkeypatch, "")

    assert result["socket_errors"] == "none"
    assert result["errors"] == 0
