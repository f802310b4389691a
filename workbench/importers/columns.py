"""Column names of imported tables: compared without accents or case, found by their aliases,
and the CSV delimiter guessed from the header line."""

from __future__ import annotations

import re
import unicodedata

from workbench.errors import InputError

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalize_column(name: str) -> str:
    """A column's comparison key: no accents, lower case, ``_`` for anything else.

    "Intitulé Typologie 1", "intitulé_typologie_1" and "intitule_typologie_1" all give
    ``intitule_typologie_1``; "Etat de l'expérience" gives ``etat_de_l_experience``.
    """
    key = strip_accents(str(name).replace("\ufeff", "")).lower()
    return _NON_ALNUM.sub("_", key).strip("_")


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a CSV header line among ``;``, ``,`` and tab (``,`` if none).

    Delimiters inside double quotes are ignored; a tie prefers ``;`` (French exports),
    then tab, then ``,``.
    """
    counts = {";": 0, "\t": 0, ",": 0}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])  # dict order breaks ties: ; then tab then ,
    return best if counts[best] else ","


def find_columns(
    columns: list[str], aliases: dict[str, tuple[str, ...]]
) -> dict[str, str]:
    """Map each field to the file column whose normalised name is one of its aliases.

    ``aliases`` lists, per field, normalised names by preference; the first one present
    wins. Returns ``{field: original column name}`` for the fields found.
    """
    by_key: dict[str, str] = {}
    for column in columns:
        by_key.setdefault(normalize_column(column), column)
    found = {}
    for field_name, names in aliases.items():
        for name in names:
            if name in by_key:
                found[field_name] = by_key[name]
                break
    return found


def missing_column(file: str, label: str, columns: list[str], *, line: int | None = 1) -> InputError:
    listed = ", ".join(f"« {c} »" for c in columns) if columns else "aucune"
    return InputError(
        f"colonne obligatoire absente (colonnes trouvées : {listed})",
        file=file,
        line=line,
        column=label,
    )
