"""The demo's furigana dictionary (ふりがな辞書): words SudachiPy's core dictionary reads
wrongly for this field — a town's name read as another place's, and 避難所 read ひなんしょ."""

from .models import ReadingOverride

# word: the reading residents use (SudachiPy's in the comment)
DEMO_READINGS = {
    "避難所": "ひなんじょ",  # ひなんしょ
    "神戸町": "ごうどちょう",  # 岐阜県安八郡: こうべまち
    "北方町": "きたがたちょう",  # 岐阜県本巣郡: きたがたまち
    "池田町": "いけだちょう",  # 岐阜県揖斐郡: いけだまち
    "大和町": "たいわちょう",  # 宮城県黒川郡: やまとまち
    "三郷町": "さんごうちょう",  # 奈良県生駒郡: みさとまち
}


def demo_readings_build():
    """Add the demo's readings (again: each word once)."""
    for word, reading in DEMO_READINGS.items():
        ReadingOverride.objects.update_or_create(word=word, defaults={"reading": reading})
