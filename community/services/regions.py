"""Writes to the region list (地域): loading Japan's municipalities with their
全国地方公共団体コード from community/data/municipalities.csv (source and licence:
community/data/README.md)."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ..models import Region

MUNICIPALITIES_FILE = Path(__file__).resolve().parent.parent / "data" / "municipalities.csv"


@dataclass(frozen=True)
class RegionsLoaded:
    created: int
    updated: int
    unchanged: int


def municipalities_read(path=MUNICIPALITIES_FILE):
    """The rows of the municipalities file: dicts with code, prefecture, name, kana."""
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def municipalities_load(*, rows=None):
    """Make every municipality of `rows` (default: the shipped file) a Region with its code, in
    code order. Idempotent: a region found by code, or else by prefecture and name (one staff
    added by hand), is updated in place, so members who picked it keep it; regions not in the
    file are left alone."""
    rows = municipalities_read() if rows is None else rows
    by_code = {region.code: region for region in Region.objects.exclude(code="")}
    by_name = {(r.prefecture, r.name): r for r in Region.objects.filter(code="")}
    new, updated, unchanged = [], 0, 0
    with transaction.atomic():
        for order, row in enumerate(rows, start=1):
            wanted = {"prefecture": row["prefecture"], "name": row["name"], "sort_order": order}
            region = by_code.get(row["code"]) or by_name.get((row["prefecture"], row["name"]))
            if region is None:
                new.append(Region(code=row["code"], **wanted))
            elif _region_update(region, code=row["code"], **wanted):
                updated += 1
            else:
                unchanged += 1
        Region.objects.bulk_create(new, batch_size=500)
    return RegionsLoaded(created=len(new), updated=updated, unchanged=unchanged)


def _region_update(region, **fields):
    """Set `fields` on `region`; True when something changed (and was saved)."""
    changed = {name: value for name, value in fields.items() if getattr(region, name) != value}
    for name, value in changed.items():
        setattr(region, name, value)
    if changed:
        region.save(update_fields=list(changed))
    return bool(changed)
