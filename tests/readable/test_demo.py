"""The demo's furigana dictionary (readable.demo): each word is one SudachiPy reads wrongly."""

from readable.demo import DEMO_READINGS, demo_readings_build
from readable.dictionary import ReadingDictionary, reading_dictionary
from readable.models import ReadingOverride
from readable.readings import words


def reading(text, dictionary):
    return "".join(reading or surface for surface, reading in words(text, dictionary))


def test_the_demo_corrects_readings_sudachi_gets_wrong(db):
    demo_readings_build()
    demo_readings_build()  # seed_demo may run again

    dictionary = reading_dictionary()
    assert ReadingOverride.objects.count() == len(DEMO_READINGS)
    for word, expected in DEMO_READINGS.items():
        assert reading(word, ReadingDictionary({}, None)) != expected
        assert reading(f"{word}の案内", dictionary) == f"{expected}のあんない"
