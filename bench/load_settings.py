"""Settings of the production harness (bench/loadtest.py, bench/two_servers.py,
bench/load_bench.py): the production settings, driven by the environment like a real server,
plus two things a real deployment does not need.

- ROOT_URLCONF `bench.urls`: the site's URLs plus /bench/hello/, the bare view the article page
  is compared with. The production URLconf never has it.
- STATIC_ROOT from BENCH_STATIC_ROOT: base.py fixes it at <repo>/staticfiles, and the harness
  collects the hashed, compressed files into a directory of its own instead of the checkout's.
"""

import os

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
