"""core.prefectures"""

from django.utils import translation

from core.prefectures import PREFECTURE_CHOICES, PREFECTURES


def test_the_47_prefectures_in_jis_code_order():
    codes = [code for code, _japanese, _english in PREFECTURES]

    assert len(codes) == 47 and codes == sorted(codes)
    assert codes[0] == "01" and codes[-1] == "47"


def test_labels_follow_the_active_language():
    hokkaido = dict(PREFECTURE_CHOICES)["01"]

    with translation.override("ja"):
        assert str(hokkaido) == "北海道"
    with translation.override("en"):
        assert str(hokkaido) == "Hokkaido"
