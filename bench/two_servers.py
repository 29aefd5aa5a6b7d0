"""Two app servers sharing PostgreSQL and Redis behave as one site.

`python bench/two_servers.py` (also the end of `make loadtest`) needs PostgreSQL on
127.0.0.1:5432 and Redis on 127.0.0.1:6379. It prepares a throwaway site
(bench/load_harness.py), starts two gunicorn processes with production settings on two loopback
ports, A and B, and checks, printing PASS or FAIL for each:

1. a session made by signing in on A is valid on B (a members-only page answers 200 on B);
2. rate limits count across both: the contact form's per-address limit refuses (429) the
   request after the same number of messages whether they all went to A or alternated A/B,
   and allauth's limit on failed sign-ins for one e-mail address (from ever new addresses)
   says 「too many」 after the same number of attempts either way;
3. a comment posted on A appears on B at once, to the member and to an anonymous reader.

Exit status 1 when any check fails.
"""

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_harness import (
    Client,
    Identity,
    address,
    form_fill,
    gunicorn_server,
    login,
    prepared_site,
)

MEMBERS_ONLY = "/accounts/email/"
SITE_HOST = "localhost"  # in ALLOWED_HOSTS (bench/load_harness.py)


def _line(ok, text):
    print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    return ok


def session_shared(a, b, member):
    """Sign in on A, then ask B for a members-only page with the same cookies."""
    signed_in = login(a, member)
    on_b = b.get(MEMBERS_ONLY, identity=member)
    stranger = b.get(MEMBERS_ONLY, identity=Identity(address(60_001)))
    ok = signed_in and on_b.status == 200 and stranger.status == 302
    return _line(
        ok,
        f"session made on A valid on B: sign-in on A {'ok' if signed_in else 'failed'}, "
        f"{MEMBERS_ONLY} on B {on_b.status} (anonymous: {stranger.status})",
    )


def _refused_after(clients, contact_path, identity, attempts=12):
    """Contact messages from `identity`, sent in turn through `clients`, until one is refused:
    the number accepted before the first 429, and the servers the requests went to."""
    for n in range(attempts):
        client = clients[n % len(clients)]
        page = client.get(contact_path, identity=identity)
        # The contact form itself (every page also holds the header's 「ふりがな」 form).
        action, data, _ = form_fill(
            page.body, action_re=f"^{re.escape(contact_path)}$", text="お問い合わせの本文です。"
        )
        reply = client.post(action or contact_path, data, identity=identity)
        if reply.status == 429:
            return n
        if reply.status != 200:
            return f"status {reply.status}"
    return None


def rate_limit_shared(a, b, site):
    alone = _refused_after([a], site.contact_path, Identity(address(60_002)))
    split = _refused_after([a, b], site.contact_path, Identity(address(60_003)))
    ok = isinstance(alone, int) and alone == split
    return _line(
        ok,
        f"rate limit counted across A and B: contact messages accepted before the first 429 "
        f"on A alone {alone}, alternating A/B {split}",
    )


def _login_refused_after(clients, email, first_address, attempts=8):
    """Failed sign-ins for `email`, each from a new address (so that only allauth's limit per
    key counts), sent in turn through `clients`: the number let through before the form says
    there were too many."""
    for n in range(attempts):
        person = Identity(address(first_address + n))
        client = clients[n % len(clients)]
        client.get("/en/accounts/login/", identity=person)
        data = {"csrfmiddlewaretoken": person.csrf_token, "login": email, "password": "wrong"}
        reply = client.post("/en/accounts/login/", data, identity=person)
        if "Too many failed login attempts" in reply.body:
            return n
    return None


def login_limit_shared(a, b):
    alone = _login_refused_after([a], "nobody-alone@example.jp", 61_000)
    split = _login_refused_after([a, b], "nobody-split@example.jp", 62_000)
    ok = isinstance(alone, int) and alone == split
    return _line(
        ok,
        f"allauth's failed sign-ins per address counted across A and B: let through before "
        f"「too many」 on A alone {alone}, alternating A/B {split}",
    )


def comment_seen_at_once(a, b, site, member):
    marker = f"[two-servers-{time.time_ns()}]"
    path, page_id = site.article_paths[0], site.article_ids[0]
    b.get(path)  # the anonymous page as B had it before (a page cache would keep it)
    posted = a.post(
        f"/comments/pages/{page_id}/post/",
        {"csrfmiddlewaretoken": member.csrf_token, "body": f"二台目でも見えますか{marker}"},
        identity=member,
    )
    as_member = b.get(path, identity=member)
    anonymous = b.get(path, identity=Identity(address(60_004)))
    ok = posted.status == 302 and marker in as_member.body and marker in anonymous.body
    return _line(
        ok,
        f"comment posted on A ({posted.status}) on B at once: to the member "
        f"{marker in as_member.body}, to an anonymous reader {marker in anonymous.body} "
        f"(X-Page-Cache: {anonymous.headers.get('X-Page-Cache', 'none')})",
    )


def prove(site, *, server_a):
    """Start server B beside `server_a` and run the three checks; True when all pass."""
    with gunicorn_server(site, name="b", exclude_ports={server_a.port}) as server_b:
        print(f"\nTwo servers: A {server_a.base}, B {server_b.base} (one PostgreSQL, one Redis)")
        # Both with the site's one name in Host, as behind a load balancer: allauth keys its
        # failed sign-ins on the host (get_current_site without django.contrib.sites), and the
        # page cache keys on it too.
        a, b = Client(server_a.base, host=SITE_HOST), Client(server_b.base, host=SITE_HOST)
        email = site.member_emails[-1]
        # A member of its own address whom bench/loadtest.py leaves out of its load.
        member = Identity(address(60_000), email)
        results = [
            session_shared(a, b, member),
            rate_limit_shared(a, b, site),
            login_limit_shared(a, b),
            comment_seen_at_once(a, b, site, member),
        ]
        for line in server_b.log_problems()[:5]:
            print(f"  server B log: {line[:300]}")
    return all(results)


def main():
    with (
        prepared_site(members=2, redis_db=13) as site,
        gunicorn_server(site, name="a") as server_a,
    ):
        ok = prove(site, server_a=server_a)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
