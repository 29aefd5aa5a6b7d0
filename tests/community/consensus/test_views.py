"""The report's screens (community.views.consensus): who reaches each staff URL, what the pages
show, and queries that do not grow with votes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import OpinionVote
from tests.community.consensus.votes import _votes
from tests.factories import MemberFactory, OpinionFactory, RegionFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def _urls(topic):
    urls = [reverse("consensus:index")]
    names = ["report", "opinions_csv", "opinions_xlsx", "votes_csv", "votes_xlsx"]
    return urls + [reverse(f"consensus:{name}", args=[topic.pk]) for name in names]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("Editors", 403),
        ("Analysts", 200),
        ("Moderators", 200),
        ("superuser", 200),
    ],
)
def test_permission_matrix_of_every_report_url(client, topic, opinions, role, status):
    if role == "member":
        client.force_login(MemberFactory(email_verified=True))
    elif role == "superuser":
        client.force_login(StaffUserFactory(is_superuser=True))
    elif role != "anonymous":
        client.force_login(StaffUserFactory(groups=[role]))

    for url in _urls(topic):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert response["Location"].startswith(reverse("account_login")), url
        if status != 200:
            assert "consensusの意見" not in response.content.decode(errors="replace"), url


def test_the_menu_item_is_shown_to_those_who_may_read_reports(rf, topic):
    from wagtail.admin.menu import admin_menu

    def labels(user):
        request = rf.get("/admin/")
        request.user = user
        return [str(item.label) for item in admin_menu.menu_items_for_request(request)]

    assert "意見交換レポート" not in labels(StaffUserFactory(groups=["Editors"]))
    assert "意見交換レポート" in labels(StaffUserFactory(groups=["Moderators"]))
    assert "意見交換レポート" in labels(StaffUserFactory(groups=["Analysts"]))


def test_the_report_page_shows_groups_thresholds_and_withheld_cells(
    client, topic, opinions, analyst
):
    html = client.get(reverse("consensus:report", args=[topic.pk])).content.decode()

    for heading in ("多くの人が賛成", "判断が分かれる", "意見が分かれる"):
        assert heading in html
    assert 'name="agree" value="60"' in html and 'name="pass" value="40"' in html
    assert "consensusの意見" in html and "71.4%" in html
    assert 'class="results-hidden"' in html
    assert 'role="img"' in html  # the charts


def test_the_topic_list_links_to_each_report(client, topic, opinions, analyst):
    html = client.get(reverse("consensus:index")).content.decode()

    assert topic.title in html
    assert reverse("consensus:report", args=[topic.pk]) in html


# --- Queries ------------------------------------------------------------------------------------


def _report_queries(client, topic):
    url = reverse("consensus:report", args=[topic.pk])
    client.get(url, {"by": "region"})  # caches (site, settings, permissions) warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"by": "region"})
    assert response.status_code == 200
    return [query["sql"] for query in queries]


def test_queries_do_not_grow_with_votes(client, topic, analyst):
    region = RegionFactory(prefecture="13", name="八王子市")
    opinions = [OpinionFactory(page=topic) for _ in range(3)]
    for opinion in opinions:
        _votes(opinion, "agree", 3, region=region)
    _votes(opinions[0], "disagree", 1, kind="business")
    few = _report_queries(client, topic)

    kinds = ["resident", "business", "municipal", "student"]
    for index, opinion in enumerate(opinions):
        for kind in kinds:
            _votes(opinion, ["agree", "disagree", "pass"][index], 16, kind=kind, region=region)
    assert OpinionVote.objects.count() == 10 + 3 * 4 * 16
    many = _report_queries(client, topic)

    assert len(few) == len(many), "\n".join(set(many) ^ set(few))


def test_a_topic_page_in_the_admin_links_to_its_report(client, topic):
    report = reverse("consensus:report", args=[topic.pk])
    edit = reverse("wagtailadmin_pages:edit", args=[topic.pk])

    client.force_login(StaffUserFactory(is_superuser=True))
    assert report in client.get(edit).content.decode()

    client.force_login(StaffUserFactory(groups=["Editors"]))
    assert report not in client.get(edit).content.decode()


def test_the_screens_are_styled_as_staff_reports_not_as_survey_results(client, topic, analyst):
    for url in (reverse("consensus:index"), reverse("consensus:report", args=[topic.pk])):
        html = client.get(url).content.decode()

        assert html.index("css/staff-report.css") < html.index("css/consensus.css"), url
        assert "survey-results.css" not in html, url


# --- Paging -------------------------------------------------------------------------------------


def test_each_group_of_opinions_is_paged_and_every_opinion_reachable(client, topic, analyst):
    from community.views.consensus import OPINIONS_PER_PAGE

    made = [OpinionFactory(page=topic, body_source=f"意見その{n}。") for n in range(25)]
    url = reverse("consensus:report", args=[topic.pk])

    first = client.get(url, {"by": "region"}).content.decode()
    second = client.get(url, {"by": "region", "page_too_few": 2}).content.decode()

    assert first.count('<td class="consensus-opinion">') == OPINIONS_PER_PAGE
    assert second.count('<td class="consensus-opinion">') == 25 - OPINIONS_PER_PAGE
    assert '?by=region&amp;page_too_few=2#category-too_few"' in first
    for opinion in made:
        assert (f"#{opinion.pk} " in first) != (f"#{opinion.pk} " in second)
    # the heading counts the whole group; who took part is on every page
    assert '<span class="w-status">25</span>' in second
    assert 'id="participation-heading"' in first and 'id="participation-heading"' in second
    # the exports hold every opinion
    csv = client.get(reverse("consensus:opinions_csv", args=[topic.pk])).content.decode("utf-8-sig")
    assert all(f"意見その{n}。" in csv for n in range(25))
