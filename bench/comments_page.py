"""What an article page costs with 10 comments and with 1,000 (200 top-level, 800 replies).

Two articles are built side by side in the throwaway database: one with 10 comments, one with
1,000 (200 top-level, 800 replies at depths 2 and 3, some answering a depth-3 comment), of
realistic Japanese text with web addresses, liked here and there (also by the signed-in
viewer, some of whose comments are in the threads). Each page is read through Django's test
Client by an anonymous reader and by a signed-in member with a verified address. For each:

1. SQL queries per request (CaptureQueriesContext, warm cache). They must be the same for
   10 and 1,000 comments: if not, the benchmark says which kinds of query differ and exits
   with status 1. That is a correctness check of the page, not a timing assertion.
2. Median and 95th-percentile render time, and the ratio 1,000 ÷ 10 of the medians, against
   the goal of issue 20 (at most 2). Each comment's head and shell are cached
   (community.selectors.comment_heads, comment_shells), and the page's fragments and the
   thread's rows are kept as in production (PAGE_FRAGMENT_SECONDS; before 2026-12-07 this
   benchmark ran with them off, as the test settings have them); the pages are read warm, as
   readers find them: the first read after a change writes what it lacks.

Top-level comments are paginated (community.selectors.comments.COMMENTS_PER_PAGE, 50): the page
read is the first one, which shows its 50 top-level comments with all their replies.

Run alone with `.venv/bin/python bench/comments_page.py [--renders N]` (it builds its own
throwaway site); `make bench` includes it.
"""

import argparse
import random
import re
import shutil
import sys
import tempfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

RENDERS = 40
GOAL_RATIO = 2  # issue 20: 1,000 comments at most twice the render time of 10
SEED = 20261130
SMALL = {"top_level": 4, "replies": 6}
LARGE = {"top_level": 200, "replies": 800}
AUTHORS = 30
COMMENT_ID_RE = re.compile(r'<article id="comment-\d+"')

SENTENCES = [
    "窓口でマイナンバーカードの更新手続きをしましたが、予約なしで一時間以上待ちました。",
    "電子申請に切り替えてから、平日の昼間に休みを取らなくて済むようになったのは大きいです。",
    "高齢の両親は画面の操作が不安だと言っていて、公民館での相談会があると助かると思います。",
    "私の町では転出届がオンラインでできるようになり、引越しの準備がずいぶん楽になりました。",
    "一方で、本人確認のたびに暗証番号を求められるので、忘れてしまう人が多いのではないでしょうか。",
    "記事にあった「書かない窓口」は、職員の方の負担を減らす意味でも良い取り組みだと感じました。",
    "商店街の事業者としては、補助金の申請も同じ仕組みでできるようになってほしいです。",
    "子育て世帯には児童手当の手続きが一番身近なので、そこから広げたのは正解だと思います。",
    "ただ、スマートフォンを持っていない人への配慮は引き続き必要です。",
    "デジタル支援員の募集があれば、地域の一員としてぜひ協力したいと考えています。",
    "隣の市では郵便局にタブレットを置いていると聞きました。効果はどうだったのでしょうか。",
    "異なる意見もあると思いますが、紙の申請書を完全になくすのはまだ早いと私は考えます。",
    "アンケートの結果が公開されたら、ほかの自治体の方とも比べてみたいです。",
    "システムを入れる前に業務の流れを見直した、という点にとても共感しました。",
]
URLS = [
    "https://www.city.example.lg.jp/kurashi/shinsei/online.html",
    "https://example.jp/reports/2026/dx-survey?lang=ja#summary",
    "https://www.example.go.jp/mynumber/faq/",
    "https://town.example.lg.jp/news/20261101-support.html",
    "https://example.jp/a",
]
LINK_INTROS = ["詳細は", "参考:", "町の案内 ", "こちらにまとめがあります→"]


def comment_text(rng):
    """A few hundred characters of a member's opinion, with line breaks and up to
    one web address a paragraph (written straight after Japanese text)."""
    paragraphs = []
    for _ in range(rng.randint(1, 3)):
        paragraph = "".join(rng.sample(SENTENCES, rng.randint(2, 4)))
        if rng.random() < 0.4:
            paragraph += f"{rng.choice(LINK_INTROS)}{rng.choice(URLS)}をご覧ください。"
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


# --- Building the two pages -------------------------------------------------------------------


def _index_page():
    """The site's article index, made (with the home page) when the database has none."""
    from articles.models import ArticleIndexPage, HomePage
    from tests.factories import ArticleIndexPageFactory, HomePageFactory

    home = HomePage.objects.first() or HomePageFactory()
    return ArticleIndexPage.objects.child_of(home).first() or ArticleIndexPageFactory(parent=home)


def _people():
    """Comment authors (verified members who joined a month ago, and one editor whose
    comments carry the 公式 badge) and the viewer, one of the authors."""
    from django.utils import timezone

    from tests.factories import MemberFactory, StaffUserFactory

    joined = timezone.now() - timedelta(days=30)
    members = [
        MemberFactory(email_verified=True, date_joined=joined, display_name=f"地域の声{n}")
        for n in range(AUTHORS)
    ]
    staff = StaffUserFactory(groups=["Editors"], display_name="地方創生推進部")
    return {"members": members, "staff": staff, "viewer": members[0]}


def _comments_add(*, page, shape, people, rng):
    """`shape["top_level"]` top-level comments and `shape["replies"]` replies on `page`,
    spread at random over the threads, half at depth 2 and half at depth 3 (a third of those
    answering another depth-3 comment, so attached beside it). Returns the comments."""
    from django.utils import timezone

    from community.models import Comment

    clock = {"now": timezone.now() - timedelta(days=20)}

    def comment_new(parent=None, **kwargs):
        clock["now"] += timedelta(minutes=rng.randint(1, 20))
        author = people["staff"] if rng.random() < 0.02 else rng.choice(people["members"])
        source = comment_text(rng)
        if parent is not None:
            kwargs.update(parent=parent, root=parent.root or parent, depth=parent.depth + 1)
        return Comment(
            page_id=page.pk,
            author=author,
            is_official=author is people["staff"],
            body_source=source,
            body_html=_html(source),
            created_at=clock["now"],
            **kwargs,
        )

    top = [comment_new() for _ in range(shape["top_level"])]
    Comment.objects.bulk_create(top)
    second = [comment_new(rng.choice(top)) for _ in range(shape["replies"] // 2)]
    Comment.objects.bulk_create(second)
    third_count = shape["replies"] - len(second)
    third = [comment_new(rng.choice(second)) for _ in range(third_count - third_count // 3)]
    Comment.objects.bulk_create(third)
    answers = []
    for answered in rng.choices(third, k=third_count // 3):
        answers.append(comment_new(answered.parent, in_reply_to=answered))
    Comment.objects.bulk_create(answers)
    return [*top, *second, *third, *answers]


def _html(source):
    from core.sanitising import plain_text_to_html

    return plain_text_to_html(source)


def _likes_add(*, page, comments, people, rng):
    """Likes (スキ) on about a quarter of the comments, on every seventh by the viewer, and on
    the article by a few members; returns the number of likes on comments."""
    from community.models import Comment, Like

    likes, counts = [], Counter()
    for number, comment in enumerate(comments):
        likers = (
            set(rng.sample(people["members"], rng.randint(1, 8))) if rng.random() < 0.25 else set()
        )
        if number % 7 == 0:
            likers.add(people["viewer"])
        likes += [Like(member=member, comment=comment) for member in likers]
        counts[comment.pk] = len(likers)
    Like.objects.bulk_create(likes)
    for comment in comments:
        comment.like_count = counts[comment.pk]
    Comment.objects.bulk_update(comments, ["like_count"])
    Like.objects.bulk_create(
        Like(member=member, page_id=page.pk) for member in people["members"][:5]
    )
    return len(likes)


def pages_build(rng):
    """The two articles, their comments and likes; returns what the report describes."""
    from community.selectors.comments import COMMENTS_PER_PAGE
    from tests.factories import ArticlePageFactory

    index, people = _index_page(), _people()
    built = {"viewer": people["viewer"], "pages": {}}
    for label, shape in (("10", SMALL), ("1,000", LARGE)):
        page = ArticlePageFactory(parent=index, title=f"コメント{label}件の記事")
        comments = _comments_add(page=page, shape=shape, people=people, rng=rng)
        likes = _likes_add(page=page, comments=comments, people=people, rng=rng)
        oldest_first = sorted((c.created_at, c.pk) for c in comments if c.depth == 1)
        first_page = {pk for _created, pk in oldest_first[:COMMENTS_PER_PAGE]}
        shown = sum(1 for c in comments if c.pk in first_page or c.root_id in first_page)
        built["pages"][label] = {
            "url": page.url,
            "comments": len(comments),
            "top_level": shape["top_level"],
            "replies": shape["replies"],
            "depths": dict(sorted(Counter(c.depth for c in comments).items())),
            "likes": likes,
            "shown_on_first_page": shown,
        }
    return built


# --- Measuring --------------------------------------------------------------------------------


def _clients(viewer):
    from django.test import Client

    member = Client()
    member.force_login(viewer)
    return {"anonymous": Client(), "member": member}


def _html_check(client, url, expected):
    """The page renders and shows the expected comments (else the timings would be moot)."""
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    shown = len(COMMENT_ID_RE.findall(response.content.decode()))
    if shown != expected:
        raise RuntimeError(f"GET {url} shows {shown} comments, {expected} expected")
    return len(response.content)


def measure(built, renders=RENDERS):
    """Queries and render times for each viewer and page; `query_mismatch` lists the viewers
    for whom the two pages take a different number of queries."""
    from bench.run import queries_for, time_requests

    results = {"renders": renders, "pages": built["pages"], "viewers": {}, "query_mismatch": []}
    for viewer, client in _clients(built["viewer"]).items():
        rows = {}
        for label, page in built["pages"].items():
            size = _html_check(client, page["url"], page["shown_on_first_page"])
            for _ in range(3):
                client.get(page["url"])
            rows[label] = {
                "html_bytes": size,
                "queries": queries_for(client, page["url"]),
                "render": time_requests(client, page["url"], renders),
            }
        small, large = rows["10"], rows["1,000"]
        rows["median_ratio"] = round(large["render"]["median_ms"] / small["render"]["median_ms"], 2)
        if small["queries"]["count"] != large["queries"]["count"]:
            results["query_mismatch"].append(viewer)
        results["viewers"][viewer] = rows
    return results


# --- Report -----------------------------------------------------------------------------------


def print_report(results):
    print("5. Article page with 10 and with 1,000 comments (test Client, warm cache)")
    for label, page in results["pages"].items():
        depths = ", ".join(f"depth {d}: {n}" for d, n in page["depths"].items())
        print(
            f"   {label:>5} comments ({depths}; {page['likes']} likes): the page shows "
            f"{page['shown_on_first_page']} of them"
        )
    print(
        "   Top-level comments are paginated, 50 a page: the page read is the first, with its "
        "50 top-level comments and all their replies."
    )
    header = f"{'viewer':<12}{'comments':>9}{'queries':>9}{'median ms':>11}{'p95 ms':>9}"
    print(f"   {header}{'HTML KB':>9}")
    for viewer, rows in results["viewers"].items():
        for label in ("10", "1,000"):
            row = rows[label]
            print(
                f"   {viewer:<12}{label:>9}{row['queries']['count']:>9}"
                f"{row['render']['median_ms']:>11.2f}{row['render']['p95_ms']:>9.2f}"
                f"{row['html_bytes'] / 1024:>9.0f}"
            )
    ratios = ", ".join(
        f"{viewer} {rows['median_ratio']}" for viewer, rows in results["viewers"].items()
    )
    print(f"   {results['renders']} renders each; median 1,000 ÷ 10: {ratios}")
    for viewer, rows in results["viewers"].items():
        met = "met" if rows["median_ratio"] <= GOAL_RATIO else "NOT MET"
        print(f"   Goal (issue 20), {viewer}: 1,000 ÷ 10 ≤ {GOAL_RATIO}: {met}")
    if not results["query_mismatch"]:
        print("   Queries: the same for 10 and 1,000 comments, for both viewers.")
    for viewer in results["query_mismatch"]:
        print("   " + query_mismatch_message(viewer, results["viewers"][viewer]))


def query_mismatch_message(viewer, rows):
    small, large = rows["10"]["queries"], rows["1,000"]["queries"]
    kinds = dict.fromkeys([*small["by_kind"], *large["by_kind"]])
    differing = "; ".join(
        f"{kind}: {small['by_kind'].get(kind, 0)} vs {large['by_kind'].get(kind, 0)}"
        for kind in kinds
        if small["by_kind"].get(kind, 0) != large["by_kind"].get(kind, 0)
    )
    return (
        f"FAIL: for the {viewer} viewer the article page takes {small['count']} SQL queries "
        f"with 10 comments but {large['count']} with 1,000; they must be the same "
        f"(DESIGN.md, 'Read an article'). Differing kinds: {differing}"
    )


def queries_check(results):
    """Exit with status 1 and the reason when the two pages took different numbers of
    queries (call it after the report is printed and written)."""
    if results["query_mismatch"]:
        viewers = " and ".join(results["query_mismatch"])
        raise SystemExit(
            f"FAIL: the article page takes a different number of SQL queries with 10 and with "
            f"1,000 comments for the {viewers} viewer (see section 5 above)."
        )


# As production renders them: the page's fragments and the thread's rows kept (the test
# settings, which bench/settings.py starts from, turn them off so that tests compare whole
# renders), the anonymous page cache off (bench/settings.py) so that every request renders.
PRODUCTION_FRAGMENT_SECONDS = 300  # config/settings/base.py: PAGE_CACHE_SECONDS' default


def run(renders=RENDERS):
    """Build the pages in the database Django is set up with, measure, return the results."""
    from django.test import override_settings

    built = pages_build(random.Random(SEED))
    with override_settings(PAGE_FRAGMENT_SECONDS=PRODUCTION_FRAGMENT_SECONDS):
        return measure(built, renders=renders)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="bench.settings", help="Django settings module")
    parser.add_argument("--renders", type=int, default=RENDERS, help="renders per page/viewer")
    args = parser.parse_args()
    repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(repo))
    from bench.run import django_start

    workdir = Path(tempfile.mkdtemp(prefix="yoriai-bench-comments-"))
    try:
        print(f"Building a throwaway site in {workdir} …", flush=True)
        django_start(args.settings, workdir)
        results = run(renders=args.renders)
        print()
        print_report(results)
        queries_check(results)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
