"""Offline per-country code lists (package data), for users and validators.

``data/<cc>.json`` holds one country's catalogs: identification types,
regimes, payment forms and methods, CFDI uses, units, credit-note types,
DIAN tax codes... Each category has a title in Spanish and English and
entries ``{"code", "name"}``. The ``alegra catalog`` command lists them,
and the validators' JSON Schemas point at them (``"x-catalog":
"regimes"``), so a code list lives in exactly one place.
"""

import functools
import json
import os

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def countries():
    """The country codes with a catalog, sorted."""
    return sorted(name[:-5] for name in os.listdir(DATA)
                  if name.endswith(".json"))


@functools.cache
def load(country):
    """The catalog document of ``country`` (a code), or None."""
    if not country or not country.isalpha():
        return None
    try:
        with open(os.path.join(DATA, f"{country}.json"),
                  encoding="utf-8") as stream:
            return json.load(stream)
    except FileNotFoundError:
        return None


def category(country, name):
    """One category of a country's catalog, or None."""
    document = load(country)
    if document is None:
        return None
    return document["categories"].get(name)


@functools.cache
def codes(country, name):
    """The codes of one category, as a frozenset (empty when unknown)."""
    found = category(country, name)
    if found is None:
        return frozenset()
    return frozenset(entry["code"] for entry in found["entries"])


def ordered_codes(country, name):
    found = category(country, name) or {"entries": []}
    return [entry["code"] for entry in found["entries"]]
