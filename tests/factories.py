"""Factories for test data. Pages are added to the tree the way Wagtail's editor adds them."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt as mfa_encrypt
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.images.models import Image
from wagtail.models import Page, Site

from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageRelated,
    Author,
    ContactFormField,
    ContactPage,
    HomePage,
    HomePageFeaturedArticle,
    InformationPage,
    Series,
)
from community.models import (
    Comment,
    CommentStatus,
    DiscussionMode,
    PageDiscussion,
    Region,
    StakeholderType,
    Stance,
    TopicIndexPage,
    TopicPage,
    User,
)
from consultations.models import ConsultationIndexPage, ConsultationPage
from core.sanitising import plain_text_to_html
from events.models import EventIndexPage, EventKind, EventPage, Registration, RegistrationStatus
from surveys.models import SurveyIndexPage, SurveyPage


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.Sequence(lambda n: f"member{n}@example.jp")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def email_verified(self, create, extracted, **kwargs):
        """`email_verified=True`: the verified primary address allauth keeps (public pages
        show only members who have one)."""
        if create and extracted:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    prefecture = "01"  # 北海道
    name = factory.Sequence(lambda n: f"札幌市{n}区")


class MemberFactory(UserFactory):
    """A member with a filled-in profile, everything private unless the test says otherwise."""

    display_name = factory.Sequence(lambda n: f"まちづくり好き{n}")
    bio = "地域の商店街で小さな店を営んでいます。"
    stakeholder_type = StakeholderType.RESIDENT
    prefecture = "01"
    region = factory.SubFactory(RegionFactory, prefecture=factory.SelfAttribute("..prefecture"))


def established_member(**kwargs):
    """A verified member who joined a month ago: past the first-day limits on comments."""
    return MemberFactory(
        email_verified=True, date_joined=timezone.now() - timedelta(days=30), **kwargs
    )


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"画像{n}")
    description = "田園風景と町役場"
    file = factory.django.ImageField(width=1200, height=630, color="#2a6f97")


class AuthorFactory(DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"山田 太郎{n}")
    job_title = "課長"
    department = "地方創生推進部"
    bio = "自治体の窓口業務のデジタル化を担当しています。"


class SeriesFactory(DjangoModelFactory):
    class Meta:
        model = Series

    name = factory.Sequence(lambda n: f"地域DXの現場から{n}")


class PageFactory(DjangoModelFactory):
    """Adds the page under `parent` (default: the default site's root page)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"ページ{n}")
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        parent = parent or Site.objects.get(is_default_site=True).root_page
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page


class HomePageFactory(PageFactory):
    """The home page, made the default site's root (replacing Wagtail's welcome page)."""

    class Meta:
        model = HomePage

    title = "寄り合い"
    slug = "yoriai-home"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        root = Page.get_first_root_node()
        home = super()._create(model_class, *args, parent=root, **kwargs)
        site = Site.objects.get(is_default_site=True)
        welcome = site.root_page
        site.root_page = home
        site.save()
        if not isinstance(welcome.specific, HomePage):
            welcome.delete()
        return home


class ArticleIndexPageFactory(PageFactory):
    class Meta:
        model = ArticleIndexPage

    title = "記事一覧"
    slug = "articles"


class ArticlePageFactory(PageFactory):
    """An article; pass `authors=[...]` and `tags=[...]` to attach them."""

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"マイナンバーカードの普及について{n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    lead = "地域の窓口で見えてきた課題をまとめました。"
    body = factory.LazyFunction(lambda: [("paragraph", "<p>行政DXの第一歩は電子申請です。</p>")])

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for author in extracted or [AuthorFactory()]:
            ArticlePageAuthor.objects.create(page=self, author=author)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            self.save()


class ContactPageFactory(PageFactory):
    class Meta:
        model = ContactPage
        skip_postgeneration_save = True

    title = "お問い合わせ"
    slug = "contact"
    to_address = "staff@example.jp"
    from_address = "noreply@example.jp"
    subject = "お問い合わせがありました"

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        specs = extracted or [
            ("お名前", "singleline", True),
            ("メールアドレス", "email", True),
            ("お問い合わせ内容", "multiline", True),
        ]
        for order, (label, field_type, required) in enumerate(specs):
            ContactFormField.objects.create(
                page=self, sort_order=order, label=label, field_type=field_type, required=required
            )


class InformationPageFactory(PageFactory):
    class Meta:
        model = InformationPage

    title = "プライバシーポリシー"
    slug = "privacy"
    lead = "個人情報を大切に扱います。"


class TOTPAuthenticatorFactory(DjangoModelFactory):
    """An activated authenticator app (allauth.mfa); `secret` is the base32 key it holds."""

    class Meta:
        model = Authenticator
        exclude = ["secret"]

    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    type = Authenticator.Type.TOTP
    data = factory.LazyAttribute(lambda o: {"secret": mfa_encrypt(o.secret)})


class StaffUserFactory(UserFactory):
    """A member of staff; pass `groups=["Editors"]` (names of the groups from community 0002).

    Staff have two-factor authentication set up, as the admin requires (STAFF_MFA_REQUIRED);
    pass `mfa=False` for one who has not yet.
    """

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.Sequence(lambda n: f"staff{n}@example.jp")

    @factory.post_generation
    def mfa(self, create, extracted, **kwargs):
        if extracted is not False:
            TOTPAuthenticatorFactory(user=self)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        if extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))


class HomePageFeaturedArticleFactory(DjangoModelFactory):
    class Meta:
        model = HomePageFeaturedArticle

    sort_order = factory.Sequence(int)


class ArticlePageRelatedFactory(DjangoModelFactory):
    class Meta:
        model = ArticlePageRelated

    sort_order = factory.Sequence(int)


class PageDiscussionFactory(DjangoModelFactory):
    class Meta:
        model = PageDiscussion

    page = factory.SubFactory(ArticlePageFactory)
    mode = DiscussionMode.OPEN


class CommentFactory(DjangoModelFactory):
    """A published comment by a verified member; pass `parent=` for a reply (page, root and
    depth follow from it; the service, not this factory, moves replies to depth-3 comments)."""

    class Meta:
        model = Comment

    parent = None
    page = factory.Maybe(
        "parent",
        yes_declaration=factory.SelfAttribute("parent.page"),
        no_declaration=factory.SubFactory(ArticlePageFactory),
    )
    root = factory.LazyAttribute(lambda o: o.parent and (o.parent.root or o.parent))
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1 if o.parent else 1)
    author = factory.SubFactory(MemberFactory, email_verified=True)
    body_source = factory.Sequence(lambda n: f"電子申請の窓口について意見です{n}。")
    body_html = factory.LazyAttribute(lambda o: plain_text_to_html(o.body_source))
    status = CommentStatus.PUBLISHED


class SurveyIndexPageFactory(PageFactory):
    class Meta:
        model = SurveyIndexPage

    title = "アンケート"
    slug = "surveys"


class SurveyPageFactory(PageFactory):
    """An open survey with one single-choice question (code Q1); pass `questions=[...]` as raw
    stream data ({"type", "value"} dicts) and `parent=` a SurveyIndexPage."""

    class Meta:
        model = SurveyPage

    title = factory.Sequence(lambda n: f"電子申請についてのアンケート{n}")
    slug = factory.Sequence(lambda n: f"survey-{n}")
    introduction = "<p>行政手続きのオンライン化についてお聞きします。</p>"
    questions = factory.LazyFunction(
        lambda: [
            {
                "type": "single_choice",
                "value": {
                    "text": "電子申請を使ったことはありますか",
                    "code": "Q1",
                    "required": True,
                    "choices": ["ある", "ない"],
                },
            }
        ]
    )


class TopicIndexPageFactory(PageFactory):
    class Meta:
        model = TopicIndexPage

    title = "意見交換"
    slug = "topics"


class TopicPageFactory(PageFactory):
    """An open topic that asks for a stance; pass `parent=` a TopicIndexPage."""

    class Meta:
        model = TopicPage

    title = factory.Sequence(lambda n: f"窓口のデジタル化をどう進めるか{n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    question = "書かない窓口を全ての支所に広げるべきでしょうか。"
    background = "<p>本庁で始めた書かない窓口の利用が増えています。</p>"


class OpinionFactory(CommentFactory):
    """A published opinion (a top-level comment with a stance) on `page`, a TopicPage."""

    stance = Stance.AGREE


class ConsultationIndexPageFactory(PageFactory):
    class Meta:
        model = ConsultationIndexPage

    title = "意見募集の結果"
    slug = "outcomes"


class ConsultationPageFactory(PageFactory):
    """A consultation outcome page answering `source` (a TopicPage or SurveyPage); pass
    `parent=` a ConsultationIndexPage. Not live unless `live=True`."""

    class Meta:
        model = ConsultationPage

    title = factory.Sequence(lambda n: f"「書かない窓口」への意見と市の考え方{n}")
    slug = factory.Sequence(lambda n: f"outcome-{n}")
    live = False


class EventIndexPageFactory(PageFactory):
    class Meta:
        model = EventIndexPage

    title = "イベント"
    slug = "events"


class EventPageFactory(PageFactory):
    """A 説明会 a week from now, two hours long, at a venue, with no capacity unless given;
    pass `parent=` an EventIndexPage. `slots=[(starts_at, ends_at, capacity), …]` makes it a
    相談会 with those time slots."""

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"マイナンバーカード出張申請窓口{n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = EventKind.BRIEFING
    lead = "申請の手続きと書かない窓口の使い方を説明します。"
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=7)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    venue_name = "市役所本庁舎 3階 大会議室"
    venue_address = "北海道上川郡東川町東町1丁目16-1"

    @classmethod
    def _create(cls, model_class, *args, slots=None, **kwargs):
        if slots:
            kwargs["kind"] = EventKind.DESK
            kwargs["slots"] = [
                ("slot", {"starts_at": start, "ends_at": end, "capacity": capacity})
                for start, end, capacity in slots
            ]
        return super()._create(model_class, *args, **kwargs)


class RegistrationFactory(DjangoModelFactory):
    """A seated registration of a non-member (no seat counted: use events.services to take
    seats); pass `event=`."""

    class Meta:
        model = Registration

    name = factory.Sequence(lambda n: f"参加者{n}")
    email = factory.Sequence(lambda n: f"guest{n}@example.jp")
    status = RegistrationStatus.REGISTERED
    stakeholder_type = StakeholderType.RESIDENT


def log_in_as(client, role):
    """Sign `client` in as "anonymous" (nobody), "member", "superuser" or a staff group."""
    if role == "member":
        client.force_login(established_member())
    elif role == "superuser":
        client.force_login(StaffUserFactory(is_superuser=True))
    elif role != "anonymous":
        client.force_login(StaffUserFactory(groups=[role]))
