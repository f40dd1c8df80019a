"""Serve one path N times through a Django project's WSGI handler, in process.

Run under callgrind by bench/callgrind.py: the difference of two runs (N1 and N2 requests)
divided by N2 - N1 is the CPU instructions of one request, start-up left out; unlike
requests per second, it does not move with whatever else the machine is doing. The same
method as ../shared/perf-anchors/wsgi_loop.py, so Newsroom and the anchors are counted alike.

    python wsgi_loop.py PATH WARMUP N   (cwd: the project; DJANGO_SETTINGS_MODULE set)

Needs only Django, so the anchors' own interpreters can run it. Exits non-zero unless every
response is 200; prints the size of the last response as `bytes=...` to stderr.
"""

import io
import sys

import django
from django.core.handlers.wsgi import WSGIHandler


def main():
    path, warmup, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    address, _, query = path.partition("?")
    sys.path.insert(0, ".")
    django.setup()
    handler = WSGIHandler()

    def call():
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": address,
            "QUERY_STRING": query,
            "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_USER_AGENT": "wrk",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        status = []
        response = handler(environ, lambda line, headers, exc_info=None: status.append(line))
        body = b"".join(response)
        response.close()
        if not status[0].startswith("200"):
            sys.exit(f"{path}: {status[0]}")
        return len(body)

    size = 0
    for _ in range(warmup + count):
        size = call()
    print(f"bytes={size}", file=sys.stderr)


if __name__ == "__main__":
    main()
