"""What furigana (readable.furigana, issue 24) costs on the article page.

The article of bench/content.py (40 body blocks) with 50 comments, as bench/page_cache.py
builds it, read through Django's test Client (the full middleware stack) in a throwaway SQLite
site, with furigana off and on (cookie `furigana=all`, ruby over every kanji):

1. *signed-in member render* — a member's page is never cached, so every request renders it and
   the furigana filter rewrites it: ruby comes from the per-text caches (this process's memory,
   then the pages cache), as readers find it once the page has been read. Median ms of
   `--renders` requests each, and on ÷ off (goal of issue 24: at most 1.2).
2. *anonymous cache hit* — the page cache's copy of each variant (stored with its ruby): requests
   per second over `--seconds`, on ÷ off.
3. *cold ruby* — the time to put ruby over a 5,000-character article (HTML paragraphs of the
   comments' sentences) once, with nothing cached: every text node through SudachiPy. SudachiPy's
   dictionary is loaded beforehand (once per process, not per text).

Run alone with `.venv/bin/python bench/furigana.py [--renders N] [--seconds S]`; `make bench`
includes it.
"""

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

RENDERS = 40
SECONDS = 3
GOAL_RATIO = 1.2  # issue 24: the article with furigana on at most 1.2 × without
ARTICLE_CHARACTERS = 5_000


def _clients(member):
    from django.test import Client

    from readable.preferences import FURIGANA_COOKIE

    clients = {}
    for label, value in (("off", None), ("on", "all")):
        anonymous, signed_in = Client(), Client()
        signed_in.force_login(member)
        for client in (anonymous, signed_in):
            if value:
                client.cookies[FURIGANA_COOKIE] = value
        clients[label] = {"anonymous": anonymous, "member": signed_in}
    return clients


def _ruby_check(response, *, on):
    shown = b"<ruby>" in response.content
    if response.status_code != 200 or shown != on:
        raise RuntimeError(
            f"furigana {'on' if on else 'off'}: {response.status_code}, ruby {shown}"
        )


def renders(clients, url, n):
    """Median and p95 ms of a signed-in member's render, off and on, one after the other (so
    that the machine's load weighs on both alike)."""
    from bench.load import percentile

    durations = {"off": [], "on": []}
    for label in durations:
        for _ in range(3):  # warm: the page's fragments, and the ruby of each text
            _ruby_check(clients[label]["member"].get(url), on=label == "on")
    for _ in range(n):
        for label, taken in durations.items():
            started = time.perf_counter()
            clients[label]["member"].get(url)
            taken.append(time.perf_counter() - started)
    return {
        label: {
            "requests": n,
            "median_ms": statistics.median(taken) * 1000,
            "p95_ms": percentile(sorted(taken), 95) * 1000,
        }
        for label, taken in durations.items()
    }


def hits(clients, url, seconds):
    """Requests per second and median ms of anonymous page cache hits, off and on."""
    from django.test import override_settings

    from bench.page_cache import measure

    results = {}
    with override_settings(PAGE_CACHE_SECONDS=300):
        for label in ("off", "on"):
            client = clients[label]["anonymous"]
            _ruby_check(client.get(url), on=label == "on")
            results[label] = measure(client, url, seconds=seconds, expect_state="hit")
    return results


def article_html(characters=ARTICLE_CHARACTERS):
    """`characters` characters of Japanese in paragraphs of three sentences each, no two
    paragraphs alike (the same text would be computed once)."""
    from bench.comments_page import SEED, SENTENCES

    rng, paragraphs, total = random.Random(SEED), set(), 0
    while total < characters:
        text = "".join(rng.sample(SENTENCES, 3))[: characters - total]
        if text not in paragraphs:
            paragraphs.add(text)
            total += len(text)
    return "\n".join(f"<p>{text}</p>" for text in paragraphs)


def cold_ruby(characters=ARTICLE_CHARACTERS):
    """Seconds to put ruby over an article of `characters` characters with nothing cached."""
    from django.core.cache import caches

    from readable import furigana

    page = article_html(characters)
    furigana.html_with_ruby("<p>準備</p>", grade=0)  # SudachiPy's dictionary, loaded once
    furigana.process_caches_clear()
    caches["pages"].clear()
    started = time.perf_counter()
    with_ruby = furigana.html_with_ruby(page, grade=0)
    elapsed = time.perf_counter() - started
    return {
        "characters": characters,
        "seconds": elapsed,
        "ruby": with_ruby.count("<ruby>"),
        "paragraphs": page.count("<p>"),
    }


def run(*, renders_per_case, seconds):
    from django.test import override_settings

    from bench.comments_page import PRODUCTION_FRAGMENT_SECONDS
    from bench.page_cache import site_build

    article, member = site_build()
    clients = _clients(member)
    with override_settings(PAGE_FRAGMENT_SECONDS=PRODUCTION_FRAGMENT_SECONDS):
        return {
            "renders": renders(clients, article.url, renders_per_case),
            "hits": hits(clients, article.url, seconds),
            "cold": cold_ruby(),
        }


def print_report(results):
    print("Furigana on the article page (bench/content.py's article, 50 comments), test Client")
    member, hit = results["renders"], results["hits"]
    print(f"  {'':<30} {'off':>10} {'on':>10} {'on ÷ off':>9}")
    render_ratio = member["on"]["median_ms"] / member["off"]["median_ms"]
    print(
        f"  {'signed-in member, median ms':<30} {member['off']['median_ms']:>10.2f}"
        f" {member['on']['median_ms']:>10.2f} {render_ratio:>9.2f}"
    )
    hit_ratio = hit["on"]["median_ms"] / hit["off"]["median_ms"]
    print(
        f"  {'anonymous cache hit, median ms':<30} {hit['off']['median_ms']:>10.2f}"
        f" {hit['on']['median_ms']:>10.2f} {hit_ratio:>9.2f}"
    )
    print(
        f"  {'anonymous cache hit, req/s':<30} {hit['off']['rps']:>10.1f} {hit['on']['rps']:>10.1f}"
    )
    print(f"  {member['on']['requests']} renders each")
    for label, ratio in (("signed-in member render", render_ratio), ("cache hit", hit_ratio)):
        met = "met" if ratio <= GOAL_RATIO else "NOT MET"
        print(f"  Goal (issue 24), {label}: on ÷ off ≤ {GOAL_RATIO}: {met} ({ratio:.2f})")
    cold = results["cold"]
    print(
        f"  Ruby for a {cold['characters']:,}-character article ({cold['paragraphs']} paragraphs, "
        f"{cold['ruby']:,} ruby), nothing cached: {cold['seconds'] * 1000:.0f} ms"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="bench.settings", help="Django settings module")
    parser.add_argument("--renders", type=int, default=RENDERS, help="renders per case")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="seconds of cache hits")
    args = parser.parse_args()
    repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(repo))
    from bench.run import django_start

    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-furigana-"))
    try:
        print(f"Building a throwaway site in {workdir} …", flush=True)
        django_start(args.settings, workdir)
        print_report(run(renders_per_case=args.renders, seconds=args.seconds))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
