"""Person names found by rules (civilities, "je m'appelle", sign-offs, "mon fils Lucas") and the
name-like part of the NER model's person spans."""

from __future__ import annotations

import re
from itertools import takewhile

from workbench.privacy.patterns import iter_words
from workbench.privacy.words import INSTITUTION_WORDS, NAME_PARTICLES, NOT_NAMES, PLACE_WORDS

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
    for w_start, w_end, token in iter_words(text, pos):
        if words + pending_particle >= max_words:
            break
        lower = token.lower()
        if len(token) == 2 and token.endswith("."):  # initial
            kind = "upper"
        elif lower in NAME_PARTICLES:
            if start is None:
                start = w_start
            pending_particle = True
            continue
        elif lower in NOT_NAMES or not token[0].isalpha():
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


def names_from_rules(text: str) -> list[tuple[int, int]]:
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


def name_from_ner(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Keeps the name-like part of a PER span: civilities, greetings and titles trimmed."""
    results = []
    for part in re.finditer(r"[^\n]+", text[start:end]):
        p_start, p_end = start + part.start(), start + part.end()
        in_part = iter_words(text, p_start)
        words = list(takewhile(lambda w, stop=p_end: w[1] <= stop, in_part))
        if not words or any(w[2].lower() in INSTITUTION_WORDS for w in words):
            continue
        if re.search(r"[\d@/:;|<>]", text[p_start:p_end]):
            continue

        def trimmable(token: str) -> bool:
            lower = token.lower()
            if not token[0].isupper():
                return True
            # A capitalised particle starts a name ("Le Goff", "El Amrani").
            return lower in NOT_NAMES and lower not in NAME_PARTICLES

        while words and trimmable(words[0][2]):
            words.pop(0)
        while words and trimmable(words[-1][2]):
            words.pop()
        if not words:
            continue
        if not any(len(w[2]) > 2 and w[2].lower() not in NOT_NAMES for w in words):
            continue
        if len(words) == 1 and _starts_sentence(text, words[0][0]):
            after = re.match(r"[ \t]+([^\W\d_]+)", text[words[0][1] :])
            if after is None or after.group(1)[0].islower():
                # A lone capitalised word opening a sentence and followed by a lower-case word
                # is far more often a common noun ("Délai trop long...") than a surname.
                continue
        before = re.search(r"([^\W\d_]+)[ \t]+$", text[max(0, words[0][0] - 40) : words[0][0]])
        if before and before.group(1).lower() in PLACE_WORDS:
            continue
        results.append((words[0][0], words[-1][1]))
    return results
