"""Read throughput while activists write: ``.venv/bin/python bench/writers.py``.

Starts gunicorn (``--workers``, default 2) on the 100,000-link benchmark database of
:mod:`bench.run` with the cache in Redis (``BENCH_CACHE_URL``, default
``redis://127.0.0.1:6379/9``, emptied first), as in production. Reader threads request the
stream and tag pages (``/``, ``/tags/amazon/``, ``/tags/amazon+travail/``) as fast as the
server answers, for ``--seconds`` with no writer, then as long again while two writer
processes each save a new press link tagged ``#Amazon #travail`` every second through the
editor's save (:func:`articles.editor.links.save_press_link`): each save renews the stream
version, so every cached page of the three goes cold. Prints the requests per second of
both phases and their ratio (target: at least 70 %). The links written are deleted at the
end (through :func:`articles.writes.delete_entries`), with their source, so the database
keeps its counts.
"""

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["/", "/tags/amazon/", "/tags/amazon+travail/"]
TARGET = 0.70
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9")
WRITER_PREFIX = "https://writers.bench.example/"


def write_every_second(seconds: float, name: str) -> None:
    """Writer mode: save a new link every second for ``seconds`` (Django already set up)."""
    from django.contrib.auth import get_user_model

    from articles.editor.links import LinkData, save_press_link
    from tags.forms import HashtagField

    author = get_user_model().objects.filter(is_superuser=False).order_by("pk").first()
    author.is_superuser = True  # in memory only: may publish (no role row written)
    tags = HashtagField().clean("#Amazon #travail")
    end, number = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        started = time.monotonic()
        number += 1
        data = LinkData(url=f"{WRITER_PREFIX}{name}/{number}", title=f"Written {name} {number}",
                        excerpts=["Une citation."], hashtags=tags, publish=True)  # fmt: skip
        save_press_link(data, user=author)
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
    print(number)


def read_for(port: int, seconds: float, readers: int) -> tuple[int, list[float]]:
    """Requests answered by ``readers`` threads in ``seconds``, and their times."""
    import urllib3

    pool = urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=readers)
    done, times, lock = [0], [], threading.Lock()
    end = time.monotonic() + seconds

    def reader(offset: int) -> None:
        n = offset
        while time.monotonic() < end:
            start = time.monotonic()
            response = pool.request("GET", PAGES[n % len(PAGES)], headers={"Host": "localhost"})
            assert response.status == 200, response.status
            with lock:
                done[0] += 1
                times.append(time.monotonic() - start)
            n += 1

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0], times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase")
    parser.add_argument("--readers", type=int, default=4, help="reading threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--write", metavar="NAME", help=argparse.SUPPRESS)  # writer mode
    args = parser.parse_args(argv)

    from bench.run import open_database

    open_database()
    if args.write:
        write_every_second(args.seconds, args.write)
        return 0
    import redis
    from django.core.cache import caches  # noqa: F401 (settings loaded)

    redis.Redis.from_url(CACHE_URL).flushdb()
    env = os.environ | {"CACHE_URL": CACHE_URL, "ALLOWED_HOSTS": "localhost", "DEBUG": "0"}
    manage = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(manage, cwd=ROOT, env=env, check=True)  # DEBUG off: the manifest
    port = 8765
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "pressreview.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        time.sleep(3)
        read_for(port, 3, args.readers)  # warm up: caches filled, workers loaded
        alone, _ = read_for(port, args.seconds, args.readers)
        writers = [
            subprocess.Popen(
                [sys.executable, __file__, "--write", f"w{n}", "--seconds", str(args.seconds)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for n in (1, 2)
        ]
        time.sleep(2)  # the writers' start-up (Django, a connection)
        shared, _ = read_for(port, args.seconds, args.readers)
        saves = sum(int(writer.communicate()[0].split()[-1]) for writer in writers)
    finally:
        server.terminate()
        server.wait(10)
    from articles.models import PressLink, Source
    from articles.normalize import normalize_domain
    from articles.writes import delete_entries

    written = PressLink.objects.filter(url__startswith=WRITER_PREFIX).values_list("pk", flat=True)
    delete_entries(list(written))
    # Its source too: bench/fill.py checks the row counts, and would fill the database again.
    Source.objects.filter(domain=normalize_domain(WRITER_PREFIX)).delete()
    rate_alone, rate_shared = alone / args.seconds, shared / args.seconds
    ratio = rate_shared / rate_alone if rate_alone else 0.0
    print(f"Pages: {', '.join(PAGES)}; {args.readers} readers, {args.workers} gunicorn workers")
    print(f"no writer: {rate_alone:.1f} requests/s")
    print(f"two writers ({saves} saves in {args.seconds:.0f} s): {rate_shared:.1f} requests/s")
    verdict = "met" if ratio >= TARGET else "NOT MET"
    print(f"ratio {ratio:.0%} (target at least {TARGET:.0%}): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
