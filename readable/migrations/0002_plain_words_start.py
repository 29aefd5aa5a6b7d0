"""A first list of words to rephrase in やさしい日本語 (from the vocabulary of this field:
municipal DX, マイナンバー), and the Editors keep the list (docs/roles.md)."""

from django.db import migrations

from core.group_permissions import group_permissions_grant, group_permissions_revoke

# (word, plain alternative, kind)
WORDS = [
    ("ガイドライン", "きまり・説明", "loanword"),
    ("スキーム", "しくみ", "loanword"),
    ("インバウンド", "外国から 来る 旅行者", "loanword"),
    ("スケジュール", "予定", "loanword"),
    ("エントリー", "申し込み", "loanword"),
    ("アカウント", "ID（あいでぃー）", "loanword"),
    ("ログイン", "入る", "loanword"),
    ("アクセス", "行き方・見る", "loanword"),
    ("オンライン", "インターネットで", "loanword"),
    ("ワンストップ", "1か所で 全部", "loanword"),
    ("キャッシュレス", "現金を 使わない", "loanword"),
    ("デジタル化", "パソコンや スマートフォンで できるように すること", "loanword"),
    ("リテラシー", "使う 力", "loanword"),
    ("コンテンツ", "内容", "loanword"),
    ("シェア", "分ける・知らせる", "loanword"),
    ("フィードバック", "意見", "loanword"),
    ("DX", "デジタルで 便利に すること", "abbreviation"),
    ("ICT", "パソコンや インターネット", "abbreviation"),
    ("IT", "パソコンや インターネット", "abbreviation"),
    ("NPO", "市民の 団体", "abbreviation"),
    ("マイナ保険証", "保険証として 使う マイナンバーカード", "abbreviation"),
    ("マイナポータル", "マイナンバーカードで 使う 国の ウェブサイト", "abbreviation"),
]
PERMISSIONS = [
    ("readable", "add_plainwordentry"),
    ("readable", "change_plainwordentry"),
    ("readable", "delete_plainwordentry"),
]


def forwards(apps, schema_editor):
    PlainWordEntry = apps.get_model("readable", "PlainWordEntry")
    for word, plain, kind in WORDS:
        PlainWordEntry.objects.get_or_create(word=word, defaults={"plain": plain, "kind": kind})
    group_permissions_grant(apps, group="Editors", permissions=PERMISSIONS)


def backwards(apps, schema_editor):
    group_permissions_revoke(apps, group="Editors", permissions=PERMISSIONS)
    words = [word for word, _plain, _kind in WORDS]
    apps.get_model("readable", "PlainWordEntry").objects.filter(word__in=words).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("readable", "0001_plain_words"),
        ("community", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
