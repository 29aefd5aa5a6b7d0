"""A small HTTP load generator and a gunicorn the benchmark starts and always stops.

Threads each hold one http.client connection (re-opened whenever the server closes it, as
gunicorn's sync workers do after every response) and send GET requests back to back.
"""

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(connection, path):
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    if response.getheader("Connection", "").lower() == "close":
        connection.close()
    return response.status


def _wait_until_ready(process, port, path, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            if _get(connection, path) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {path} within {timeout} s")


def stop_process_group(process, *, grace=10):
    """Stop a server started with start_new_session=True: TERM its process group, then KILL
    it if it lingers past `grace` seconds."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def gunicorn_server(*, env, cwd, workers, ready_path):
    """Serve config.wsgi with `env` on a free port; yield the port; stop it on the way out."""
    port = free_port()
    command = [
        *(sys.executable, "-m", "gunicorn", "config.wsgi"),
        *("--workers", str(workers), "--bind", f"127.0.0.1:{port}"),
        *("--log-level", "warning", "--graceful-timeout", "5"),
    ]
    # Its own session: a Ctrl-C reaches only us, and stop_process_group() can signal it all.
    process = subprocess.Popen(command, cwd=cwd, env=env, start_new_session=True)  # noqa: S603
    try:
        _wait_until_ready(process, port, ready_path, timeout=60)
        yield port
    finally:
        stop_process_group(process)


def _worker(port, path, stop_at, results):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, errors = [], 0
    while (start := time.perf_counter()) < stop_at:
        try:
            status = _get(connection, path)
        except (OSError, http.client.HTTPException):
            connection.close()
            status = None
        if status == 200:
            latencies.append(time.perf_counter() - start)
        else:
            errors += 1
    connection.close()
    results.append((latencies, errors))


def drive(*, port, path, concurrency, seconds):
    """Send GETs to `path` from `concurrency` threads for `seconds`; return the figures."""
    results = []
    started = time.perf_counter()
    stop_at = started + seconds
    threads = [
        # Daemons, so that Ctrl-C or `kill` does not wait for the run to finish.
        threading.Thread(target=_worker, args=(port, path, stop_at, results), daemon=True)
        for _ in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(x for thread_latencies, _ in results for x in thread_latencies)
    return {
        "path": path,
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "requests": len(latencies),
        "errors": sum(errors for _, errors in results),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "latency_median_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "latency_p95_ms": round(percentile(latencies, 95) * 1000, 2) if latencies else None,
    }


def percentile(sorted_values, pct):
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, round(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]
