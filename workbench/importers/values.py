"""Cell values of imported files: text, yes/no, feelings and dates (French and ISO formats, as
naive Europe/Paris time), each refusal an :class:`~workbench.errors.InputError` naming the file,
line and column, and quoting the value without personal data."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from workbench.errors import InputError
from workbench.importers.columns import strip_accents

DATE_FORMATS_HINT = "formats acceptés : AAAA-MM-JJ, JJ/MM/AAAA"
_SHOWN_CHARS = 40


def shown(value: Any) -> str:
    """A cell quoted in an error message: ``« value »``, never personal data.

    A misplaced cell can hold a citizen's text: its personal data is masked as in the
    database (the NER model only loads for a value with a capitalised word), the value kept
    on one line and cut after 40 characters.
    """
    from workbench.privacy import default_pseudonymizer

    text = " ".join(cell_text(value).split())
    masked = default_pseudonymizer().pseudonymize(text) if text else text
    if len(masked) > _SHOWN_CHARS:
        masked = masked[: _SHOWN_CHARS - 1] + "…"
    return f"« {masked} »"


def cell_text(value: Any) -> str:
    """A cell as stripped text; ``None`` gives ``""``, numbers and booleans their JSON form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False, default=str)


def multiline_text(value: Any) -> str:
    """A free-text cell, stripped, with ``\\n`` line endings."""
    return cell_text(value).replace("\r\n", "\n").replace("\r", "\n")


_TRUE = {"oui", "o", "true", "vrai", "1", "yes", "y"}
_FALSE = {"non", "n", "false", "faux", "0", "no"}


def parse_bool(value: Any, *, file: str, line: int | None, record: str | None, column: str) -> bool | None:
    """Oui/Non (also true/false, 1/0, any case); empty gives None."""
    if isinstance(value, bool):
        return value
    text = strip_accents(cell_text(value)).lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InputError(
        f"valeur inattendue {shown(value)} (attendu : Oui ou Non)",
        file=file, line=line, record=record, column=column,
    )


_FEELINGS = {"positif": "positif", "positive": "positif", "neutre": "neutre",
             "negatif": "negatif", "negative": "negatif", "négatif": "negatif", "négative": "negatif"}


def parse_feeling(value: Any, *, file: str, line: int | None, record: str | None, column: str) -> str | None:
    """Positif / Neutre / Négatif in any case, with or without accents; empty gives None."""
    text = cell_text(value)
    if not text:
        return None
    feeling = _FEELINGS.get(text.lower()) or _FEELINGS.get(strip_accents(text).lower())
    if feeling is None:
        raise InputError(
            f"valeur inattendue {shown(text)} (attendu : Positif, Neutre ou Négatif)",
            file=file, line=line, record=record, column=column,
        )
    return feeling


_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
_FRENCH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2})[:hH](\d{2})(?::(\d{2}))?)?")


def parse_date(
    value: Any,
    *,
    file: str | None = None,
    line: int | None = None,
    record: str | None = None,
    column: str | None = None,
) -> datetime | None:
    """A naive Europe/Paris datetime from ISO 8601 or ``JJ/MM/AAAA [HH:MM[:SS]]``.

    Empty gives None. Aware values (``Z``, ``+02:00``) are converted to Paris time.
    Anything else, impossible dates included, raises InputError.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_paris_naive(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = cell_text(value)
    if not text:
        return None
    try:
        if match := _ISO.fullmatch(text):
            year, month, day, hour, minute, second, fraction, offset = match.groups()
            micro = int((fraction or "0")[:6].ljust(6, "0"))
            moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                              int(second or 0), micro)
            if offset:
                moment = moment.replace(tzinfo=_parse_offset(offset))
            return to_paris_naive(moment)
        if match := _FRENCH.fullmatch(text):
            day, month, year, hour, minute, second = match.groups()
            return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                            int(second or 0))
    except ValueError:
        pass
    raise InputError(
        f"date invalide {shown(text)} ({DATE_FORMATS_HINT})",
        file=file, line=line, record=record, column=column,
    )


def _parse_offset(offset: str) -> timezone:
    if offset.upper() == "Z":
        return timezone.utc
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(offset)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def to_paris_naive(moment: datetime) -> datetime:
    """Naive values are taken as Paris time already; aware ones are converted."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment
    return moment.astimezone(_paris()).replace(tzinfo=None)


def _paris():
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Paris")
    except Exception:  # no tz database on this machine: the EU rule since 1996
        return _ParisRule()


class _ParisRule(tzinfo):
    """CET/CEST: summer time from the last Sunday of March to the last Sunday of October, 01:00 UTC."""

    def utcoffset(self, moment):  # only used through fromutc
        return timedelta(hours=1)

    def dst(self, moment):
        return timedelta(0)

    def fromutc(self, moment):
        year = moment.year
        start = _last_sunday(year, 3).replace(hour=1)
        end = _last_sunday(year, 10).replace(hour=1)
        naive = moment.replace(tzinfo=None)
        hours = 2 if start <= naive < end else 1
        return (naive + timedelta(hours=hours)).replace(tzinfo=self)


def _last_sunday(year: int, month: int) -> datetime:
    last = datetime(year, month, 31)
    return last - timedelta(days=(last.weekday() + 1) % 7)
