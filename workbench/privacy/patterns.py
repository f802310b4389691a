"""Personal data with a shape: e-mails, phone numbers, file numbers, NIR and IBAN (with their
check keys) and postal addresses, found by regular expressions and small scanners."""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.privacy.words import GREETINGS, MONTHS_DAYS, NOT_NAMES, STOP_WORDS, STREET_PARTICLES

# Personal file numbers announced by their kind: "numéro allocataire 1234567", "mon n° fiscal :
# 18 14 958 928 418", "numéro étranger est le 9395246555", "dossier n° 2023-45678".
FILE_NUMBER_RE = re.compile(
    r"(?:num[ée]ro|n°|no\.?|num\.?|identifiant|r[ée]f[ée]rence|r[ée]f\.?)\s*(?:d['’]\s*|de\s+(?:mon\s+|ma\s+)?)?"
    r"(?:allocataire|fiscal|d['’]?identification fiscale|[ée]tranger|agdref|dossier|client|adh[ée]rent|s[ée]cu(?:rit[ée] sociale)?"
    r"|caf|pension|retraite|titre de s[ée]jour|passeport|carte d['’]identit[ée]|permis|contrat|demandeur d['’]emploi|france travail|p[ôo]le emploi)"
    r"(?:\s+(?:est|[ée]tait)(?:\s+le)?)?\s*[:#]?\s*"
    r"(?P<number>[A-Z]{0,3}\d[\dA-Z]*(?:[ -/.]\d[\dA-Z]*)*)",
    re.IGNORECASE,
)
FILE_NUMBER_AFTER_RE = re.compile(
    r"(?:dossier|allocataire|contrat|demande|r[ée]clamation|titre de s[ée]jour|passeport)\s+(?:n°|no\.?|num[ée]ro|num\.?)\s*[:#]?\s*"
    r"(?P<number>[A-Z]{0,3}\d[\dA-Z]*(?:[ -/.]\d[\dA-Z]*)*)",
    re.IGNORECASE,
)

EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)

# French numbers: mobiles 06/07, landlines 01-05 and 09 (08 numbers belong to services).
# One separator kind per number, so that dates such as "05.06.2024 12" never match.
TEL_RE = re.compile(
    r"(?<![\w+])(?:"
    r"(?:\+|00)[ ]?33[ .-]?(?:\(0\)[ .-]?)?[1-79](?P<s1>[ .-]?)\d{2}(?:(?P=s1)\d{2}){3}"
    r"|0[1-79](?P<s2>[ .-]?)\d{2}(?:(?P=s2)\d{2}){3}"
    r"|\+(?!33)[1-9]\d{0,2}(?:[ .-]?\d){7,12}"
    r")(?![\d])"
)

# "dossier n° 0123456789" is a file number, not a phone number.
REFERENCE_BEFORE_RE = re.compile(
    r"(?:\bn°|\bno\.|\bréf(?:érence)?\.?|\bdossier|\bfacture|\ballocataire)[ \t]*:?[ \t]*$",
    re.IGNORECASE,
)

# NIR: sex, year, month (or 20-99 for special cases), department (or 2A/2B), commune,
# order number, then an optional 2-digit key.
_NIR_RE = re.compile(
    r"(?<![\w])[1-478][ .]?\d{2}[ .]?(?P<month>0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[AaBb])"
    r"[ .]?\d{3}[ .]?\d{3}(?P<key>(?P<keysep>[ .]?)\d{2})?(?![\w])"
)

_IBAN_RE = re.compile(
    r"(?<![\w])[A-Za-z]{2}\d{2}(?:(?:[ -]?[A-Za-z0-9]{4}){2,8}(?:[ -]?[A-Za-z0-9]{1,3})?"
    r"|[A-Za-z0-9]{11,30})(?![\w])"
)
_IBAN_LENGTHS = {
    "AD": 24,
    "AT": 20,
    "BE": 16,
    "BG": 22,
    "CH": 21,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "EE": 20,
    "ES": 24,
    "FI": 18,
    "FR": 27,
    "GB": 22,
    "GR": 27,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IS": 26,
    "IT": 27,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "MC": 27,
    "MT": 31,
    "NL": 18,
    "NO": 15,
    "PL": 28,
    "PT": 25,
    "RO": 24,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "MA": 28,
    "TN": 24,
    "DZ": 26,
    "SN": 28,
    "TR": 26,
}

_STRONG_STREET_TYPES = (
    r"rue|avenue|av\.?|ave\.?|bd\.?|bld\.?|boulevard|impasse|imp\.|all[ée]es?|chauss[ée]e"
    r"|faubourg|fbg\.?"
)
_WEAK_STREET_TYPES = (
    r"place|pl\.|quai|route|rte\.?|cours|square|sq\.|chemin|ch\.|passage|villa|cit[ée]"
    r"|r[ée]sidence|voie|mail|parc|clos|domaine|hameau|lieu-dit|promenade|esplanade"
    r"|sentier|parvis|mont[ée]e|traverse|lotissement|rond-point|venelle|ruelle"
)
_ADDRESS_HEAD_RE = re.compile(
    r"(?<![\w])(?<!\d[,.])\d{1,4}(?:[ ]?-[ ]?\d{1,4})?(?:[ ]?(?:bis|ter|quater|[A-Da-d])\b)?"
    rf"[ ]?,?[ \t]+(?:(?P<strong>{_STRONG_STREET_TYPES})|(?P<weak>{_WEAK_STREET_TYPES}))"
    r"(?![\w-])",
    re.IGNORECASE,
)
_LIEU_DIT_RE = re.compile(r"(?<![\w-])lieu-dit[ \t]+", re.IGNORECASE)
_POSTBOX_RE = re.compile(
    r"(?<![\w])(?:BP|B\.P\.|bo[îi]te postale|CS|TSA)[ ]?\d{2,6}(?![\w])", re.IGNORECASE
)
_POSTAL_CODE_RE = re.compile(r"[ \t]*(?:[,–-][ \t]*)?(?:\n[ \t]*)?(\d{5}|\d{2} \d{3})(?![\w])")
_CEDEX_RE = re.compile(r"[ \t]+cedex(?:[ \t]+\d{1,2})?(?![\w])", re.IGNORECASE)

WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
_NUMBER_WORD_RE = re.compile(r"\d{1,4}(?![\w])")
_GAP_RE = re.compile(r"[ \t]+")


def iter_words(text: str, pos: int) -> Iterator[tuple[int, int, str]]:
    """Words following pos on the same line, separated by spaces only (stops at punctuation)."""
    i = pos
    first = True
    while True:
        gap = _GAP_RE.match(text, i)
        j = gap.end() if gap else i
        if not first and j == i:
            return
        word = WORD_RE.match(text, j)
        if not word:
            return
        token = word.group().rstrip("-'’")
        end = word.start() + len(token)
        # An initial keeps its dot: "J. Dupont".
        if len(token) == 1 and token.isupper() and text[end : end + 1] == ".":
            end += 1
            token += "."
        yield word.start(), end, token
        i = end
        first = False


def _iban_is_valid(compact: str) -> bool:
    rearranged = compact[4:] + compact[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in rearranged))
    except ValueError:
        return False
    return number % 97 == 1


def ibans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _IBAN_RE.finditer(text):
        raw = m.group()
        country = raw[:2].upper()
        compact = re.sub(r"[ -]", "", raw).upper()
        expected = _IBAN_LENGTHS.get(country)
        valid = _iban_is_valid(compact)
        if expected and len(compact) > expected:
            # Grouped IBAN followed by more digits: keep the IBAN's own characters.
            keep, end = 0, m.start()
            for i, c in enumerate(raw):
                if c not in " -":
                    keep += 1
                    if keep == expected:
                        end = m.start() + i + 1
                        break
            compact = compact[:expected]
            valid = _iban_is_valid(compact)
            if valid:
                spans.append((m.start(), end))
            continue
        upper = raw[:2].isupper()
        if valid or (upper and expected == len(compact)):
            spans.append((m.start(), m.end()))
    return spans


def _nir_key_is_valid(nir: str, key: str) -> bool:
    digits = re.sub(r"[ .]", "", nir).upper().replace("2A", "19").replace("2B", "18")
    return 97 - int(digits) % 97 == int(key)


def nirs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _NIR_RE.finditer(text):
        end = m.end()
        key = m.group("key")
        valid_key = bool(key) and _nir_key_is_valid(text[m.start() : m.start("key")], key[-2:])
        # Months 20-99 exist (unknown birth month...) but are rare: a valid key must confirm
        # them, else "2024120612345" (a request number) would pass for a NIR.
        if not 1 <= int(m.group("month")) <= 12 and not valid_key:
            continue
        if key and m.group("keysep") and not valid_key and re.match(r"[ .]?\d", text[end:]):
            end = m.start("key")  # "... 231 06 12 34 56 78": the key is a phone number's start
        spans.append((m.start(), end))
    return spans


def addresses(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _ADDRESS_HEAD_RE.finditer(text):
        street = _scan_street_name(text, m.end(), strong=m.group("strong") is not None)
        if street is None:
            continue
        end = street
        city = _scan_postal_city(text, end)
        if city is not None:
            end = city
        elif m.group("weak") is not None and not _first_word_capitalised(text, m.end()):
            continue
        spans.append((m.start(), end))
    for m in _LIEU_DIT_RE.finditer(text):
        if not _first_word_capitalised(text, m.end()):
            continue
        street = _scan_street_name(text, m.end(), strong=False)
        if street is not None:
            city = _scan_postal_city(text, street)
            spans.append((m.start(), city if city is not None else street))
    for m in _POSTBOX_RE.finditer(text):
        city = _scan_postal_city(text, m.end())
        spans.append((m.start(), city if city is not None else m.end()))
    return spans


def _first_word_capitalised(text: str, pos: int) -> bool:
    for _s, _e, token in iter_words(text, pos):
        if token.lower() in STREET_PARTICLES:
            continue
        return token[0].isupper()
    return False


def _scan_street_name(text: str, pos: int, *, strong: bool) -> int | None:
    """End of the street name after the street type, or None when there is none."""
    end = None
    content = 0
    lowercase_words = 0
    i = pos
    first = True
    previous = ""
    while content < 6:
        gap = _GAP_RE.match(text, i)
        j = gap.end() if gap else i
        if j == i and not first:
            break
        number = _NUMBER_WORD_RE.match(text, j)
        if number:  # "rue du 8 Mai 1945": kept when a word follows, or as the year of a date
            i = number.end()
            first = False
            if previous in MONTHS_DAYS and len(number.group()) == 4:
                end = i
            previous = number.group()
            continue
        word = WORD_RE.match(text, j)
        if not word:
            break
        token = word.group().rstrip("-'’")
        w_end = word.start() + len(token)
        lower = token.lower()
        first = False
        if lower in STREET_PARTICLES:
            i = w_end
            continue
        if re.match(r"[ld]['’]", lower) and len(lower) > 2:  # "l'Église", "d'Orléans"
            token = token[2:]
            lower = lower[2:]
        if token[0].isupper() and lower not in STOP_WORDS and lower not in GREETINGS:
            pass
        elif (
            strong
            and token[0].islower()
            and lower not in STOP_WORDS
            and lower not in GREETINGS
            and not re.match(r"(?:[jmnstc]|qu)['’]", lower)  # "n'existe": a verb, not a name
            and not previous.isdigit()  # "12 rue des Lilas 3 enfants"
            and lowercase_words < 3
        ):
            lowercase_words += 1
        else:
            break
        content += 1
        end = i = w_end
        previous = lower
    if not content:
        return None
    return end


def _scan_postal_city(text: str, pos: int) -> int | None:
    """End of ", 33000 Bordeaux Cedex" following pos, or None when no postal code follows."""
    m = _POSTAL_CODE_RE.match(text, pos)
    if not m:
        return None
    end = m.end()
    words = 0
    for _w_start, w_end, token in iter_words(text, end):
        lower = token.lower()
        if words >= 4:
            break
        if lower in ("sur", "en", "de", "du", "des", "la", "le", "les", "lès", "lez", "aux"):
            continue  # "Le Havre", "Saint-Médard en Jalles"
        if lower == "cedex":
            break
        if token[0].isupper() and (lower not in NOT_NAMES):
            end = w_end
            words += 1
        elif not words and token[0].islower() and lower not in NOT_NAMES:
            end = w_end  # "75002 paris"
            words += 1
            break
        else:
            break
    cedex = _CEDEX_RE.match(text, end)
    if cedex:
        end = cedex.end()
    return end
