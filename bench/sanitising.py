"""How long writing a comment spends sanitising, for the worst inputs we know.

For each 5,000-character input in `core.sanitising.HOSTILE_INPUTS`: the median and
worst time of `plain_text_to_html` over several runs, against Django's plain `escape()` of the
same text (the least any safe rendering must do) as the ratio. Then what the avoided approach
costs: bleach.clean on nested formatting tags, at two sizes, to show its quadratic growth.

Run alone with `.venv/bin/python bench/sanitising.py`; `make bench` includes it.
"""

import gc
import os
import statistics
import sys
import time
from pathlib import Path

RUNS = 15


def _times(function, text, runs):
    function(text)  # warm-up: first-call imports and caches are not the member's cost
    gc.collect()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function(text)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure():
    import bleach
    from django.utils.html import escape

    from core.sanitising import HOSTILE_INPUTS, plain_text_to_html

    inputs = {}
    for name, text in HOSTILE_INPUTS.items():
        ours = _times(plain_text_to_html, text, RUNS)
        baseline = _times(escape, text, RUNS)
        inputs[name] = {
            "characters": len(text),
            "median_ms": round(statistics.median(ours), 3),
            "max_ms": round(max(ours), 3),
            "escape_median_ms": round(statistics.median(baseline), 3),
            "ratio_to_escape": round(statistics.median(ours) / statistics.median(baseline), 1),
        }
    bleach_nested = {
        size: round(statistics.median(_times(bleach.clean, ("<b><i>" * size)[:size], 3)), 1)
        for size in (2000, 8000)
    }
    return {"inputs": inputs, "bleach_clean_nested_ms": bleach_nested}


def print_report(results):
    print("4. Sanitising a comment (core.sanitising.plain_text_to_html), worst inputs")
    header = f"{'input':<24}{'chars':>7}{'median ms':>11}{'max ms':>9}{'escape ms':>11}"
    print(f"   {header}{'ratio':>8}")
    for name, row in results["inputs"].items():
        print(
            f"   {name:<24}{row['characters']:>7}{row['median_ms']:>11}{row['max_ms']:>9}"
            f"{row['escape_median_ms']:>11}{row['ratio_to_escape']:>8}"
        )
    nested = results["bleach_clean_nested_ms"]
    print(
        "   avoided: bleach.clean on nested tags takes "
        + ", ".join(f"{ms} ms at {size} chars" for size, ms in nested.items())
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    print_report(measure())
