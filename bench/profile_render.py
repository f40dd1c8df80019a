"""cProfile of one page rendered again and again through Django's test client.

    .venv/bin/python bench/profile_render.py /articles/story-50000/ 100 bench/data/cold-article.prof

Run by bench/run.py with the page cache off (a cold render). Prints the
milliseconds per request (profiling included), the functions by cumulative time and by time
spent in themselves; the whole profile is written to the file given, for `python -m pstats`.
"""

import cProfile
import io
import os
import pstats
import sys
import sysconfig
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402


def main():
    path, count, dump = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(3):
        client.get(path)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(count):
        status = client.get(path).status_code
        if status != 200:
            sys.exit(f"{path}: {status}")
    profiler.disable()
    elapsed = time.perf_counter() - started
    profiler.dump_stats(dump)
    print(f"PER_REQUEST_MS {elapsed * 1000 / count:.2f}")
    for order, count in (("cumulative", 30), ("tottime", 15)):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(count)
        # Paths from the installed packages and from the project, without their long prefixes.
        table = stream.getvalue()
        for prefix in (sysconfig.get_paths()["purelib"], str(ROOT)):
            table = table.replace(prefix + "/", "")
        print(f"BY {order}")
        print(table[table.index("ncalls") :])


if __name__ == "__main__":
    main()
