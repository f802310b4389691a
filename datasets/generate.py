#!/usr/bin/env python3
"""Generate the bundled demo data of the workbench (French, synthetic, deterministic).

    python datasets/generate.py

Writes, next to this script:
  fiches/F900NN.xml        service-public.fr fiches (DILA XML format), hand-written content
  questions.csv            citizen questions with reference answers and recorded human replies
  spp_experiences.csv      a Services Publics+ experiences export (';', UTF-8 with BOM)
  spp_pii.csv              the synthetic personal data planted in that export (test oracle)
  agent_feedback.csv       agents' comments on the AI drafts
  README.md                what the files are, with the figures they actually show

Only the standard library is used. All randomness comes from random.Random(2026): running the
script again rewrites byte-identical files. The texts live in _demo_content/ (hand-written
fiches, questions, Services Publics+ scenarios); this script combines them with seeded choices.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import re
import shutil
import statistics
import sys
from xml.sax.saxutils import escape

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from _demo_content import fiches_1, fiches_2, fiches_3, fiches_4  # noqa: E402
from _demo_content.common import (  # noqa: E402
    DEPARTEMENTS, NOMS, PRENOMS_F, PRENOMS_M, RUES, SECONDARY, STRUCTURES, THEMES,
)
from _demo_content.feedback import FEEDBACK  # noqa: E402
from _demo_content.questions_extra import QUESTIONS as EXTRA_QUESTIONS  # noqa: E402
from _demo_content.spp_scenarios import SCENARIOS  # noqa: E402

SEED = 2026
FICHES = fiches_1.FICHES + fiches_2.FICHES + fiches_3.FICHES + fiches_4.FICHES
FICHE_BY_ID = {f["id"]: f for f in FICHES}
KIND = {"qr": "Fiche Question-réponse", "info": "Fiche d'information"}
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre"]
AI_START = dt.date(2025, 6, 1)  # AI drafts reach the agents from June 2025
AI_THRESHOLD = 50  # similarity >= 50: the reply counts as AI-assisted


def eur(amount: int) -> str:
    """1850 -> '1 850 €' (French grouping)."""
    return f"{amount:,}".replace(",", " ") + " €"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def de(noun_phrase: str) -> str:
    """'de' + noun phrase, with French contraction and elision: du tribunal, d'un conseiller."""
    if noun_phrase.startswith("le "):
        return "du " + noun_phrase[3:]
    if noun_phrase.startswith("les "):
        return "des " + noun_phrase[4:]
    if noun_phrase[:1] in "aeiouyAEIOUYÉÈ":
        return "d'" + noun_phrase
    return "de " + noun_phrase


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Ý«])", text.strip()) if s]


# ============================================================================ fiches (XML)


def inline(text: str) -> str:
    """Mini-syntax -> DILA inline XML: *x* emphasis, [F90002|texte] internal link."""
    out = escape(text)

    def link(match: re.Match) -> str:
        target = match.group(1)
        if target not in FICHE_BY_ID:
            raise ValueError(f"lien vers une fiche inconnue : {target}")
        kind = KIND[FICHE_BY_ID[target]["kind"]]
        return (f'<LienInterne LienPublication="{target}" type="{kind}" '
                f'audience="Particuliers">{match.group(2)}</LienInterne>')

    out = re.sub(r"\[(F\d+)\|([^\]]+)\]", link, out)
    out = re.sub(r"\*([^*]+)\*", r"<MiseEnEvidence>\1</MiseEnEvidence>", out)
    if "*" in out or "[" in out:
        raise ValueError(f"syntaxe non reconnue : {text}")
    return out


def para(text: str) -> str:
    return f"<Paragraphe>{inline(text)}</Paragraphe>"


def render_elements(elements: list, depth: int) -> list[str]:
    pad = "  " * depth
    lines: list[str] = []
    for element in elements:
        if isinstance(element, str):
            lines.append(pad + para(element))
            continue
        tag = element[0]
        if tag in ("ul", "ol"):
            kind = "puce" if tag == "ul" else "numero"
            lines.append(f'{pad}<Liste type="{kind}">')
            lines += [f"{pad}  <Item>{para(item)}</Item>" for item in element[1]]
            lines.append(f"{pad}</Liste>")
        elif tag == "sc":
            lines.append(f"{pad}<SousChapitre>")
            lines.append(f"{pad}  <Titre>{para(element[1])}</Titre>")
            lines += render_elements(element[2], depth + 1)
            lines.append(f"{pad}</SousChapitre>")
        elif tag == "cas":
            lines.append(f'{pad}<BlocCas affichage="onglet">')
            for title, body in element[1]:
                lines.append(f"{pad}  <Cas>")
                lines.append(f"{pad}    <Titre>{para(title)}</Titre>")
                lines += render_elements(body, depth + 2)
                lines.append(f"{pad}  </Cas>")
            lines.append(f"{pad}</BlocCas>")
        elif tag in ("note", "savoir"):
            name, title = ("ANoter", "À noter") if tag == "note" else ("ASavoir", "À savoir")
            lines.append(f"{pad}<{name}><Titre>{title}</Titre>{para(element[1])}</{name}>")
        elif tag == "table":
            _, title, header, rows = element
            lines.append(f"{pad}<Tableau>")
            lines.append(f"{pad}  <Titre>{inline(title)}</Titre>")
            for kind, cells in [("header", header)] + [("normal", r) for r in rows]:
                if len(cells) != len(header):
                    raise ValueError(f"tableau mal formé : {title}")
                cells_xml = "".join(f"<Cellule>{para(c)}</Cellule>" for c in cells)
                lines.append(f'{pad}  <Rangée type="{kind}">{cells_xml}</Rangée>')
            lines.append(f"{pad}</Tableau>")
        else:
            raise ValueError(f"élément inconnu : {tag}")
    return lines


def render_fiche(fiche: dict, modified: dt.date) -> str:
    fid = fiche["id"]
    theme_title, theme_id = THEMES[fiche["theme"]]
    where = STRUCTURES[fiche["structure"]]["ou"]
    chapters = list(fiche["body"]) + [("Où s'adresser ?", [("ul", [
        where,
        "Espace France services : un accompagnement gratuit dans vos démarches administratives, près de chez vous.",
    ])])]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<Publication xmlns:dc="http://purl.org/dc/elements/1.1/" ID="{fid}" type="{KIND[fiche["kind"]]}" '
        f'spUrl="https://www.service-public.fr/particuliers/vosdroits/{fid}">',
        f"  <dc:title>{escape(fiche['title'])}</dc:title>",
        "  <dc:creator>Direction de l'information légale et administrative (Premier ministre)</dc:creator>",
        f"  <dc:subject>{escape(theme_title)}</dc:subject>",
        f"  <dc:description>{escape(fiche['desc'])}</dc:description>",
        "  <dc:publisher>DILA</dc:publisher>",
        "  <dc:contributor>Direction de l'information légale et administrative (Premier ministre)</dc:contributor>",
        f"  <dc:date>modified {modified.isoformat()}</dc:date>",
        "  <dc:type>Fiche pratique</dc:type>",
        "  <dc:format>text/xml</dc:format>",
        f"  <dc:identifier>{fid}</dc:identifier>",
        f"  <dc:source>{escape(fiche['source'])}</dc:source>",
        "  <dc:language>Fr</dc:language>",
        "  <dc:rights>https://www.service-public.fr/a-propos/mentions-legales</dc:rights>",
        "  <Audience>Particuliers</Audience>",
        f'  <Theme ID="{theme_id}"><Titre>{escape(theme_title)}</Titre></Theme>',
        f"  <Introduction>{para(fiche['intro'])}</Introduction>",
        "  <Texte>",
    ]
    for title, elements in chapters:
        lines.append("    <Chapitre>")
        lines.append(f"      <Titre>{para(title)}</Titre>")
        lines += render_elements(elements, 3)
        lines.append("    </Chapitre>")
    lines += ["  </Texte>", "</Publication>", ""]
    return "\n".join(lines)


def write_fiches(rng: random.Random) -> dict[str, dt.date]:
    folder = os.path.join(HERE, "fiches")
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    start, span = dt.date(2024, 2, 1), (dt.date(2025, 11, 28) - dt.date(2024, 2, 1)).days
    dates = {}
    for fiche in FICHES:
        modified = start + dt.timedelta(days=rng.randrange(span + 1))
        dates[fiche["id"]] = modified
        with open(os.path.join(folder, f"{fiche['id']}.xml"), "w", encoding="utf-8", newline="\n") as f:
            f.write(render_fiche(fiche, modified))
    return dates


# ============================================================================ questions.csv

RECORDED_GREETING = ["Madame, Monsieur,", "Madame, Monsieur,", "Bonjour,", "Bonjour Madame, Monsieur,"]
RECORDED_INTRO = [
    "Nous avons bien reçu votre demande et nous vous en remercions.",
    "Suite à votre message, voici les éléments de réponse que nous pouvons vous apporter.",
    "Vous nous interrogez sur votre situation ; voici ce que nous pouvons vous indiquer.",
    "Nous faisons suite à votre demande.",
    "Merci pour votre message.",
    "",
]
RECORDED_PARTIAL_END = [
    "Pour plus de précisions sur votre situation, nous vous invitons à contacter {votre}.",
    "Vous trouverez davantage d'informations sur le site service-public.fr.",
    "N'hésitez pas à prendre rendez-vous dans un espace France services pour être accompagné.",
    "Pour le reste, il convient de vous rapprocher {de_votre}.",
]
RECORDED_REDIRECT = [
    "Votre demande relève de la compétence {de_votre}, que nous vous invitons à contacter directement.",
    "Nous ne sommes pas en mesure de répondre à cette question et vous conseillons de vous rapprocher {de_votre}, qui pourra examiner votre situation.",
    "Pour toute question relative à votre dossier, merci de contacter {votre}.",
    "Nous vous invitons à consulter le site service-public.fr ou à contacter {votre}.",
]
RECORDED_VAGUE = [
    "Votre demande a bien été prise en compte et sera traitée dans les meilleurs délais.",
    "Les conditions dépendent de votre situation personnelle ; une étude de votre dossier est nécessaire.",
    "Nous avons transmis votre question au service compétent.",
]
RECORDED_CLOSING = [
    "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
    "Nous restons à votre disposition pour tout complément d'information.\nCordialement,",
    "Bien cordialement,",
    "Veuillez agréer, Madame, Monsieur, nos salutations distinguées.",
    "Cordialement,",
    "Nous vous souhaitons une bonne journée.\nCordialement,",
]
RECORDED_SIGNATURE = ["Votre conseiller France services", "L'équipe France services",
                      "Le service relation usagers", "Le service des usagers"]


def recorded_answer(rng: random.Random, reference: str, structure: str) -> tuple[str, str]:
    """A plausible historical human reply, of uneven quality; returns (text, quality)."""
    votre = STRUCTURES[structure]["votre"]
    parts = [rng.choice(RECORDED_GREETING)]
    quality = rng.choices(["complète", "partielle", "renvoi", "vague"], [36, 30, 20, 14])[0]
    intro = rng.choice(RECORDED_INTRO)
    ref = sentences(reference)
    if quality == "complète":
        if intro:
            parts.append(intro)
        body = list(ref if len(ref) < 3 or rng.random() < 0.6 else ref[:-1])
        if body[0].startswith("Oui, ") and rng.random() < 0.6:
            body[0] = "Nous vous confirmons que " + body[0][5:]
        elif body[0].startswith("Non, ") and rng.random() < 0.6:
            body[0] = "Nous sommes au regret de vous indiquer que non : " + body[0][5:]
        parts.append(" ".join(body))
        if rng.random() < 0.4:
            parts.append(rng.choice(STRUCTURES[structure]["suite"]))
    elif quality == "partielle":
        if intro:
            parts.append(intro)
        parts.append(ref[0] + " " + rng.choice(RECORDED_PARTIAL_END).format(votre=votre, de_votre=de(votre)))
    elif quality == "renvoi":
        parts.append(rng.choice(RECORDED_REDIRECT).format(votre=votre, de_votre=de(votre)))
    else:
        parts.append(rng.choice(RECORDED_VAGUE))
    parts.append(rng.choice(RECORDED_CLOSING))
    parts.append(rng.choice(RECORDED_SIGNATURE))
    return "\n\n".join(parts), quality


def build_questions(rng: random.Random) -> list[dict]:
    items = []
    for fiche in FICHES:
        for q in fiche["qs"]:
            refs = [fiche["id"]] + (list(q[2]) if len(q) > 2 else [])
            items.append(dict(question=q[0], reference=q[1], refs=refs, theme=fiche["theme"],
                              structure=fiche["structure"]))
    for question, answer, refs, theme, structure in EXTRA_QUESTIONS:
        items.append(dict(question=question, reference=answer, refs=list(refs), theme=theme,
                          structure=structure))
    rng.shuffle(items)
    rows = []
    for i, item in enumerate(items, 1):
        for ref in item["refs"]:
            if ref not in FICHE_BY_ID:
                raise ValueError(f"question {i}: fiche inconnue {ref}")
        recorded, quality = recorded_answer(rng, item["reference"], item["structure"])
        rows.append(dict(id=f"Q{i:03d}", question=item["question"], theme=item["theme"],
                         structure=item["structure"], reference_answer=item["reference"],
                         reference_context_ids="|".join(item["refs"]), recorded_answer=recorded,
                         _quality=quality))
    return rows


# ============================================================================ Services Publics+

OPENINGS = {
    "Négatif": ["Bonjour,", "Bonjour,", "Bonjour.", "Madame, Monsieur,", "Bonsoir,", "", "", "", "", "",
                "Bonjour, je me permets d'écrire ici car je ne sais plus vers qui me tourner.",
                "Bonjour, je témoigne ici en dernier recours.", "Bonjour à vous,",
                "Bonjour, je vous écris après des semaines de démarches.",
                "Je dépose ce message faute d'avoir pu joindre quelqu'un.",
                "Bonjour, je souhaite signaler une situation qui dure.",
                "Bonjour, on m'a conseillé de passer par ce site.",
                "Bonjour, c'est la première fois que j'écris ici.",
                "Madame, Monsieur, je me permets de vous solliciter.",
                "Bonjour, je suis complètement perdu{e}.",
                "Bonjour, je n'ai pas d'autre solution que de vous écrire ici.",
                "Bonjour, un conseiller France services m'a aidé{e} à rédiger ce message."],
    "Neutre": ["Bonjour,", "Bonjour, j'ai une question.", "", "", "Madame, Monsieur,", "Bonjour à tous,",
               "Bonjour, je cherche une information.", "Bonjour, petite question :",
               "Bonjour, je me permets de vous poser une question."],
    "Positif": ["Bonjour,", "", "", "Je tenais à partager une expérience positive.",
                "Pour une fois, un message positif !", "Bonjour à toute l'équipe,",
                "On lit surtout des plaintes ici, alors voici un témoignage positif.",
                "Bonjour, je voulais simplement remercier le service.",
                "Un petit mot pour dire que ça peut bien se passer."],
}
EXTRAS = {
    "tel": ["J'ai appelé le {tel} à {appels} reprises sans obtenir de réponse claire.",
            "Au {tel}, on m'a dit de patienter encore.",
            "Chaque appel au {tel} me coûte une demi-heure d'attente pour rien.",
            "Au {tel}, la ligne coupe après vingt minutes d'attente.",
            "J'ai fini par avoir quelqu'un au {tel}, qui n'avait pas accès à mon dossier.",
            "Le {tel} m'a promis un rappel sous 48 heures, je l'attends toujours."],
    "any": ["J'ai envoyé {appels} messages depuis mon espace en ligne, sans réponse.",
            "Je me suis déplacé{e} deux fois à l'accueil, on m'a dit de patienter.",
            "Chaque interlocuteur me donne une version différente.",
            "J'ai déjà renvoyé toutes les pièces deux fois.",
            "On me demande toujours le même document que j'ai déjà fourni.",
            "Cela fait {semaines} semaines que j'attends une réponse.",
            "J'ai pris un jour de congé pour aller au guichet, sans résultat.",
            "Les réponses automatiques ne correspondent pas à ma situation.",
            "Personne ne semble lire les documents que j'envoie.",
            "L'accueil m'a remis un numéro de ticket, puis plus rien.",
            "On m'a dit que mon dossier était « prioritaire » il y a déjà {jours} jours.",
            "Je n'ai reçu que des messages types, jamais une vraie réponse.",
            "Un agent m'avait assuré que tout serait réglé sous huit jours.",
            "Ma messagerie indique que ma demande a été « clôturée », sans explication."],
}
CLOSINGS = {
    "Négatif": ["Merci de faire le nécessaire rapidement.", "Je compte sur vous pour débloquer la situation.",
                "J'espère que ce message sera lu par quelqu'un.", "Je suis à bout.", "Cordialement.",
                "Merci d'avance pour votre aide.", "Merci de me répondre.",
                "Je vous remercie de regarder mon dossier.", "J'attends une réponse concrète.",
                "Merci de me dire au moins ce qui bloque.", "Je ne demande qu'à comprendre.",
                "Je vous remercie par avance de votre retour.", "Salutations.",
                "Dans l'attente de votre réponse.", "Je commence vraiment à désespérer.",
                "Un peu d'humanité serait bienvenue.", "Merci à la personne qui lira ce message.",
                "", "", "", "", ""],
    "Neutre": ["Cordialement.", "Bonne journée.", "Merci pour votre retour.", "Bien à vous.", "", "", ""],
    "Positif": ["Encore merci !", "Bonne continuation à vous.", "Merci encore à toute l'équipe.",
                "Continuez comme ça !", "Avec toute ma reconnaissance.", "", "", ""],
}
SECOND_MENTION = {
    "Négatif": ["J'ai aussi contacté {b}, et on m'a renvoyé vers {a}.",
                "{B} me renvoie vers {a}, et inversement.",
                "J'ai fait la même démarche de mon côté avec {b}, sans plus de succès.",
                "Entre {a} et {b}, personne ne se parle."],
    "Neutre": ["{B} n'a pas su me répondre.", "{B} m'a conseillé de vous écrire."],
    "Positif": ["{B} a fait le lien rapidement, merci à eux aussi.", "{B} a également très bien réagi."],
}
REPLY_GREETING = ["Madame, Monsieur,", "Madame, Monsieur,", "Bonjour,", "Bonjour,", "Bonjour Madame, Monsieur,"]
REPLY_ACK = {
    "Négatif": ["Nous avons bien pris connaissance de votre message et nous comprenons votre mécontentement.",
                "Nous vous remercions d'avoir partagé votre expérience et regrettons sincèrement les difficultés rencontrées.",
                "Nous sommes désolés pour la gêne occasionnée et vous remercions de votre patience.",
                "Votre message a retenu toute notre attention et nous vous prions de nous excuser pour ce désagrément.",
                "Nous entendons votre inquiétude et avons examiné votre dossier en priorité.",
                "Nous vous remercions pour votre message et regrettons le délai que vous avez subi.",
                "Nous comprenons votre exaspération et vous remercions d'avoir pris le temps de nous écrire.",
                "Nous regrettons que votre démarche ne se soit pas déroulée comme vous pouviez l'attendre.",
                "Votre témoignage a été lu avec attention et transmis au service concerné.",
                "Nous sommes sincèrement désolés de la situation que vous décrivez.",
                "Nous avons bien reçu votre message et mesurons les difficultés que cette situation vous cause."],
    "Neutre": ["Nous vous remercions pour votre message.", "Merci pour votre question.",
               "Nous avons bien reçu votre demande d'information."],
    "Positif": [],
}
REPLY_FICHE = ["Pour en savoir plus, vous pouvez consulter la fiche « {titre} » sur service-public.fr.",
               "Vous trouverez des informations complémentaires dans la fiche « {titre} » publiée sur service-public.fr."]
REPLY_CLOSING = [
    "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
    "Nous restons à votre disposition pour tout renseignement complémentaire.\nBien cordialement,",
    "Cordialement,",
    "Nous vous souhaitons une bonne journée.\nCordialement,",
    "Veuillez agréer, Madame, Monsieur, nos salutations les meilleures.",
    "Avec nos salutations distinguées,",
]
SECONDARY_CORE = [
    "La partie de votre demande qui nous concerne a bien été examinée : votre dossier est à jour et aucune pièce complémentaire n'est attendue de votre part.",
    "Nous avons pris contact avec {a} afin de coordonner le traitement de votre situation. Dès réception des informations nécessaires, votre dossier sera mis à jour sans nouvelle démarche de votre part.",
    "Après vérification, votre situation doit être examinée principalement par {a}, à qui nous avons transmis votre message. Nous restons à votre disposition pour toute question sur votre dossier chez nous.",
    "Les informations transmises par {a} ont bien été reçues et prises en compte. Vos droits ont été réexaminés et un courrier de notification vous sera adressé.",
]
TIERS = {"Assurance retraite": "l'Assurance retraite", "DGFiP": "le service des impôts",
         "Médiateur national de l'énergie": "le Médiateur national de l'énergie",
         "Tribunal judiciaire": "le tribunal judiciaire",
         "Casier judiciaire national": "le Casier judiciaire national"}
TYPOLOGIES_SECONDAIRES = ["Délai de traitement", "Information incomplète ou erronée",
                          "Difficulté à joindre le service", "Erreur dans le dossier"]
CANAUX = ["Téléphone", "Site internet", "Accueil physique", "Courrier", "Courriel",
          "Application mobile", "Messagerie de l'espace personnel"]
CANAL_OF_TYPO = {"Difficulté à joindre le service": "Téléphone", "Démarche en ligne": "Site internet",
                 "Accueil et relation": "Accueil physique"}
TAG_OF_TYPO = {"Délai de traitement": "Réactivité", "Difficulté à joindre le service": "Accessibilité",
               "Information incomplète ou erronée": "Information/Explication",
               "Demande d'information": "Information/Explication", "Accueil et relation": "Relation",
               "Démarche en ligne": "Simplicité/Complexité", "Erreur dans le dossier": "Information/Explication",
               "Remerciements": "Relation"}
TAGS = ["Accessibilité", "Information/Explication", "Relation", "Réactivité", "Simplicité/Complexité"]
PSEUDOS = ["Usager anonyme", "citoyen_lambda", "Une maman épuisée", "Retraité en colère", "papa_solo",
           "Locataire du 93", "Etudiante_lyon", "Aidante familiale", "Un usager parmi d'autres",
           "Anonyme", "Jeune actif", "Contribuable patient", "Mamie Jo", "Le voisin d'en face"]
MONTHLY = [22, 24, 26, 27, 29, 31, 33, 33, 36, 38, 41, 44]  # experiences published per month of 2025
AI_SHARE = {6: 0.40, 7: 0.48, 8: 0.52, 9: 0.56, 10: 0.59, 11: 0.62, 12: 0.64}


class Person:
    def __init__(self, rng: random.Random, dep: tuple, female: bool | None = None):
        self.female = rng.random() < 0.55 if female is None else female
        self.prenom = rng.choice(PRENOMS_F if self.female else PRENOMS_M)
        self.nom = rng.choice(NOMS)
        self.dep = dep

    def email(self, rng: random.Random) -> str:
        def ascii_(s: str) -> str:
            table = str.maketrans("àâäçéèêëîïôöùûüÿ", "aaaceeeeiioouuuy")
            return re.sub(r"[^a-z-]", "", s.lower().translate(table).replace(" ", ""))
        p, n = ascii_(self.prenom), ascii_(self.nom)
        local = rng.choice([f"{p}.{n}", f"{p[0]}.{n}", f"{p}{n}{rng.randrange(10, 99)}", f"{n}.{p}"])
        return f"{local}@{rng.choice(['exemple.fr', 'exemple.fr', 'example.com'])}"


def phone(rng: random.Random) -> str:
    """Numbers from the ranges ARCEP reserves for fiction (06 39 98 xx xx, 01 99 00 xx xx)."""
    mobile = rng.random() < 0.8
    digits = ("063998" if mobile else "019900") + f"{rng.randrange(10000):04d}"
    pairs = [digits[i:i + 2] for i in range(0, 10, 2)]
    style = rng.choice(["space", "space", "dot", "intl", "compact"])
    if style == "space":
        return " ".join(pairs)
    if style == "dot":
        return ".".join(pairs)
    if style == "intl":
        return "+33 " + digits[1] + " " + " ".join(p for p in [digits[2:4], digits[4:6], digits[6:8], digits[8:10]])
    return digits


def nir(rng: random.Random, person: Person) -> str:
    sex = "2" if person.female else "1"
    yy, mm = rng.randrange(45, 100), rng.randrange(1, 13)
    dep = rng.choice(["75", "59", "69", "13", "33", "31", "44", "35", "67", "76", "62", "93"])
    commune, order = rng.randrange(1, 990), rng.randrange(1, 999)
    body = f"{sex}{yy:02d}{mm:02d}{dep}{commune:03d}{order:03d}"
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


def iban(rng: random.Random) -> str:
    bank, branch = f"{rng.randrange(10000, 99999):05d}", f"{rng.randrange(100000):05d}"
    account = f"{rng.randrange(10**10, 10**11):011d}"
    rib_key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{bank}{branch}{account}{rib_key:02d}"
    check = 98 - int(bban + "152700") % 97  # "FR00" moved to the end: F=15, R=27
    raw = f"FR{check:02d}{bban}"
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def address(rng: random.Random, dep: tuple) -> str:
    num = rng.randrange(1, 140)
    bis = rng.choice(["", "", "", "", " bis", " ter"])
    return f"{num}{bis} {rng.choice(RUES)}, {dep[5]} {dep[4]}"


def plant_pii(rng: random.Random, person: Person, theme: str, structure: str) -> tuple[list, list, list]:
    """(lines to prepend, lines to append, [(kind, exact value)]) of synthetic personal data."""
    before, after, found = [], [], []
    full = f"{person.prenom} {person.nom}"
    kinds = []
    if rng.random() < 0.65:
        kinds.append("nom")
    for kind, p in [("téléphone", 0.35), ("courriel", 0.3), ("adresse", 0.2)]:
        if rng.random() < p:
            kinds.append(kind)
    if rng.random() < (0.35 if structure in ("CPAM", "CAF", "Assurance retraite") else 0.08):
        kinds.append("nir")
    if rng.random() < (0.3 if theme in ("logement", "famille", "emploi", "retraite", "impôts", "énergie") else 0.05):
        kinds.append("iban")
    if structure == "CAF" and rng.random() < 0.3:
        kinds.append("numéro allocataire")
    if structure == "DGFiP" and rng.random() < 0.4:
        kinds.append("numéro fiscal")
    if theme == "étrangers" and structure == "Préfecture" and rng.random() < 0.5:
        kinds.append("numéro étranger")
    if not kinds:
        kinds.append(rng.choice(["nom", "téléphone", "courriel"]))
    for kind in kinds:
        if kind == "nom":
            form = rng.randrange(6)
            if form == 0:
                before.append(f"Je m'appelle {full}.")
                found.append(("nom", full))
            elif form == 1:
                before.append(f"Je suis {full} et j'habite à {person.dep[4]}.")
                found.append(("nom", full))
            elif form in (2, 3):
                after.append(rng.choice([f"Cordialement,\n{full}", full, f"Merci,\n{full}"]))
                found.append(("nom", full))
            elif form == 4:
                after.append(f"{'Mme' if person.female else 'M.'} {person.nom}")
                found.append(("nom", person.nom))
            else:
                value = f"{person.prenom} {person.nom.upper()}"
                after.append(f"Bien à vous,\n{value}")
                found.append(("nom", value))
        elif kind == "téléphone":
            value = phone(rng)
            after.insert(0, rng.choice([f"Vous pouvez me joindre au {value}.", f"Mon numéro : {value}",
                                        f"Merci de me rappeler au {value}.", f"Tél. {value}"]))
            found.append(("téléphone", value))
        elif kind == "courriel":
            value = person.email(rng)
            after.insert(0, rng.choice([f"Mon adresse mail : {value}", f"Vous pouvez m'écrire à {value}.",
                                        f"Contact : {value}"]))
            found.append(("courriel", value))
        elif kind == "adresse":
            value = address(rng, person.dep)
            after.insert(0, rng.choice([f"J'habite au {value}.", f"Mon adresse : {value}.",
                                        f"Les courriers doivent m'être envoyés au {value}."]))
            found.append(("adresse", value))
        elif kind == "nir":
            value = nir(rng, person)
            after.insert(0, rng.choice([f"Mon numéro de sécurité sociale est le {value}.", f"N° de sécu : {value}",
                                        f"(numéro de sécurité sociale {value})"]))
            found.append(("nir", value))
        elif kind == "iban":
            value = iban(rng)
            after.insert(0, rng.choice([f"J'ai pourtant transmis mon RIB : {value}.", f"Mon IBAN pour le versement : {value}",
                                        f"Le compte à créditer est le {value}."]))
            found.append(("iban", value))
        elif kind == "numéro allocataire":
            value = f"{rng.randrange(1000000, 9999999)}"
            before.append(f"Numéro allocataire {value}.")
            found.append(("numéro allocataire", value))
        elif kind == "numéro fiscal":
            value = f"{rng.randrange(0, 4)}{rng.randrange(10**11, 10**12)}"
            value = f"{value[:2]} {value[2:4]} {value[4:7]} {value[7:10]} {value[10:]}"
            before.append(f"Mon numéro fiscal : {value}.")
            found.append(("numéro fiscal", value))
        elif kind == "numéro étranger":
            value = f"{rng.randrange(10**9, 10**10)}"
            after.insert(0, f"Mon numéro étranger est le {value}.")
            found.append(("numéro étranger", value))
    return before, after, found


def fill(template: str, values: dict) -> str:
    out = template.format_map(values)
    if "{" in out or "}" in out:
        raise ValueError(template)
    return out


def elide(text: str) -> str:
    """French elision and contraction in front of city names: d'Arras, au Mans, du Mans."""
    for dep in DEPARTEMENTS:
        city = dep[4]
        if city.startswith("Le "):
            rest = city[3:]
            text = re.sub(rf"\bde {city}\b", f"du {rest}", text)
            text = re.sub(rf"\bà {city}\b", f"au {rest}", text)
        elif city[0] in "AEIOUYÉÈÀ":
            text = re.sub(rf"\bde {city}\b", f"d'{city}", text)
    return text


def fr_date(day: dt.date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {MOIS[day.month - 1]}"


def pick_slots(rng: random.Random, scenario: dict) -> tuple[list[str], int, bool | None]:
    """(chosen body sentences, reply index, writer is a woman / a man / either)."""
    body = scenario["body"]
    k = rng.randrange(len(body[0]))
    chosen = []
    for slot in body:
        if scenario["pair"]:
            text = slot[min(k, len(slot) - 1)]
        else:
            text = rng.choice(slot)
        if text:
            chosen.append(text)
    marks = {t[:3] for t in chosen if t[:3] in ("(F)", "(M)")}
    if len(marks) > 1:
        raise ValueError(f"genres incompatibles : {chosen}")
    female = None if not marks else marks == {"(F)"}
    chosen = [t[3:] if t[:3] in ("(F)", "(M)") else t for t in chosen]
    return chosen, (k if scenario["pair"] else rng.randrange(len(scenario["reply"]))), female


def signature(rng: random.Random, structure: str, dep: tuple) -> str:
    return rng.choice(STRUCTURES[structure]["sig"]).format(de=dep[1], ville=dep[4])


def reply_text(rng: random.Random, *, scenario: dict | None, core: str, structure: str, dep: tuple,
               ressenti: str, ai: bool, greeting: str) -> str:
    parts = [greeting]
    acks = [a for a in REPLY_ACK[ressenti]
            if scenario is None or "délai" not in a or scenario["typologie"] == "Délai de traitement"]
    if acks and (ai or rng.random() < 0.6):
        parts.append(rng.choice(acks))
    if ai:
        parts.append(core)
        parts.append(rng.choice(STRUCTURES[structure]["suite"]))
        if scenario is not None:
            parts.append(rng.choice(REPLY_FICHE).format(titre=FICHE_BY_ID[scenario["fiche"]]["title"]))
    else:
        pieces = sentences(core)
        parts.append(core if len(pieces) < 3 or rng.random() < 0.5 else " ".join(pieces[:2]))
        if rng.random() < 0.25:
            parts.append(rng.choice(STRUCTURES[structure]["suite"]))
    parts.append(rng.choice(REPLY_CLOSING))
    parts.append(signature(rng, structure, dep))
    return elide("\n\n".join(parts))


class AiQuota:
    """Decides which replies were drafted with the AI: error diffusion per month, with a little
    jitter, so that each month lands on its AI_SHARE within a reply."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.acc: dict[int, float] = {}

    def similarity(self, published: dt.date) -> tuple[int, bool]:
        rng = self.rng
        if published < AI_START:
            return (rng.randrange(0, 28) if rng.random() < 0.96 else rng.randrange(30, 45)), False
        acc = self.acc.get(published.month, 0.0) + AI_SHARE[published.month]
        ai = acc + rng.uniform(-0.35, 0.35) >= 0.5
        self.acc[published.month] = acc - (1.0 if ai else 0.0)
        if ai:
            return int(rng.triangular(50, 99, 82)), True
        return rng.randrange(3, 49), False


def first_reply_cell(rng: random.Random, published: dt.datetime, days: int) -> tuple[str, dt.date]:
    day = published.date() + dt.timedelta(days=days)
    style = rng.choices(["fr", "iso_dt", "iso_d"], [40, 35, 25])[0]
    if style == "fr":
        return day.strftime("%d/%m/%Y"), day
    if style == "iso_d":
        return day.isoformat(), day
    if days == 0:
        minutes = min(published.hour * 60 + published.minute + rng.randrange(45, 300), 23 * 60 + 50)
    else:
        minutes = rng.randrange(8 * 60, 19 * 60)
    return f"{day.isoformat()}T{minutes // 60:02d}:{minutes % 60:02d}:00", day


def reply_days(rng: random.Random, published: dt.date) -> int:
    if published < AI_START:
        return min(int(round(rng.gammavariate(3.0, 2.45))), 30)
    return min(int(round(rng.gammavariate(2.2, 1.4))), 20)


def build_spp(rng: random.Random) -> tuple[list[dict], list[tuple]]:
    dep_weights = [d[6] for d in DEPARTEMENTS]
    by_theme: dict[str, list[dict]] = {}
    for scenario in SCENARIOS:
        by_theme.setdefault(scenario["theme"], []).append(scenario)
    themes = list(THEMES)
    rows, pii_rows = [], []
    specs = []
    for month, count in enumerate(MONTHLY, 1):
        for _ in range(count):
            days_in_month = (dt.date(2025 + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
            day = rng.randrange(1, days_in_month + 1)
            minute = rng.randrange(7 * 60, 22 * 60)
            specs.append(dt.datetime(2025, month, day, minute // 60, minute % 60))
    specs.sort()
    # quotas drawn up front so that the headline shares land on target whatever the seed
    december = [i for i, p in enumerate(specs) if p.month == 12]
    earlier = [i for i, p in enumerate(specs) if p.month < 12]
    no_reply = set(rng.sample(earlier, round(0.065 * len(earlier))) + rng.sample(december, round(0.16 * len(december))))
    multi = set(rng.sample(range(len(specs)), round(0.105 * len(specs))))
    with_pii = set(rng.sample(range(len(specs)), round(0.25 * len(specs))))
    three_left = 4  # the first 4 multi-structure experiences whose theme allows it get three
    quota = AiQuota(rng)
    # each scenario is used about as often as the others, in a shuffled order
    queue: list[dict] = []
    next_id = 1038200
    for index, published in enumerate(specs):
        if not queue:
            queue = list(SCENARIOS)
            rng.shuffle(queue)
        scenario = queue.pop()
        theme, structure, ressenti = scenario["theme"], scenario["structure"], scenario["ressenti"]
        dep = rng.choices(DEPARTEMENTS, dep_weights)[0]
        body, reply_index, female = pick_slots(rng, scenario)
        person = Person(rng, dep, female)
        written = published - dt.timedelta(days=rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4]),
                                           minutes=rng.randrange(20, 600))
        values = dict(
            ville=dep[4], tel=STRUCTURES[structure]["tel"] or "",
            date_passee=fr_date(written.date() - dt.timedelta(days=rng.randrange(12, 75))),
            mois_passe=MOIS[(written.month - 1 - rng.randrange(1, 4)) % 12],
            semaines=rng.randrange(3, 11), jours=rng.randrange(8, 26), appels=rng.randrange(3, 13),
            montant=eur(rng.randrange(12, 99) * 10),
            gros_montant=eur(rng.randrange(20, 90) * 50), age=rng.randrange(62, 80),
            enfant_age=rng.randrange(3, 15), e="e" if person.female else "",
        )
        templates = [t for t in scenario["titles"] + sum(scenario["body"], []) if "{tel}" in t]
        if templates and not STRUCTURES[structure]["tel"]:
            raise ValueError(f"{{tel}} sans numéro pour {structure}")
        title = fill(rng.choice(scenario["titles"]), values)
        body = [fill(t, values) for t in body]

        # several structures (about 10 %, a few with three)
        structures = [structure]
        if index in multi:
            others = [s for s in SECONDARY[theme] if s != structure]
            extra = 2 if three_left > 0 and len(others) > 1 else 1
            three_left -= extra - 1
            structures += rng.sample(others, extra)
        if len(structures) > 1:
            a = STRUCTURES[structure]["nom"]
            b = STRUCTURES[structures[1]]["nom"]
            mention = rng.choice(SECOND_MENTION[ressenti]).format(a=a, b=b, B=cap(b))
            body.insert(rng.randrange(1, max(2, len(body))), mention)
        if ressenti == "Négatif" and rng.random() < 0.45:
            pool = EXTRAS["any"] + (EXTRAS["tel"] if STRUCTURES[structure]["tel"] else [])
            extra_line = fill(rng.choice(pool), values)
            if extra_line not in body:
                body.insert(len(body) - (1 if len(body) > 2 else 0), extra_line)

        lines = []
        opening = fill(rng.choice(OPENINGS[ressenti]), values)
        has_pii = index in with_pii
        before, after, found = plant_pii(rng, person, theme, structure) if has_pii else ([], [], [])
        if opening:
            lines.append(opening)
        lines += before
        joiner = rng.choice([" ", " ", "\n"])
        lines.append(joiner.join(body))
        closing = rng.choice(CLOSINGS[ressenti])
        if closing:
            lines.append(closing)
        lines += after
        description = elide("\n".join(lines) if rng.random() < 0.7 else "\n\n".join(lines))

        # replies
        replied = index not in no_reply
        days = reply_days(rng, published.date()) if replied else None
        greeting_named = None
        pii_fields = [("Description", kind, value) for kind, value in found]
        if any(k == "nom" for k, _ in found) and rng.random() < 0.35:
            greeting_named = f"Bonjour {'Madame' if person.female else 'Monsieur'} {person.nom},"
        replies = []
        for n, struct in enumerate(structures):
            if not replied or (n > 0 and rng.random() < 0.12):
                replies.append(None)
                continue
            sim, ai = quota.similarity(published.date())
            greeting = greeting_named if (greeting_named and n == 0) else rng.choice(REPLY_GREETING)
            if n == 0:
                core = scenario["reply"][reply_index]
                text = reply_text(rng, scenario=scenario, core=fill(core, values), structure=struct,
                                  dep=dep, ressenti=ressenti, ai=ai, greeting=greeting)
            else:
                core = rng.choice(SECONDARY_CORE).format(a=TIERS.get(structure, STRUCTURES[structure]["nom"]))
                text = reply_text(rng, scenario=None, core=core, structure=struct, dep=dep,
                                  ressenti=ressenti, ai=ai, greeting=greeting)
            replies.append((text, sim, ai))
        if greeting_named and replies and replies[0] is not None:
            pii_fields.append(("Réponse structure 1", "nom", person.nom))

        row = {
            "ID expérience": str(next_id),
            "Titre": title,
            "Description": description,
            "Pseudonyme usager": pseudonym(rng, person),
            "Écrit le": written.strftime("%Y-%m-%dT%H:%M:%S"),
            "Date de publication": published.strftime("%Y-%m-%dT%H:%M:%S"),
            "Etat expérience": "Traitée" if replied else "En attente de réponse",
            "Ressenti usager": ressenti,
            "Démarches saisies par usager": scenario["demarche"] if rng.random() < 0.85 else "",
            "Intitulé région usager": dep[3] if rng.random() > 0.03 else "",
            "Intitulé département usager": dep[0],
        }
        if not row["Intitulé région usager"]:
            row["Intitulé département usager"] = ""
        row.update(tags(rng, ressenti, scenario["typologie"]))
        for n in range(3):
            i = n + 1
            if n < len(structures):
                typo = scenario["typologie"] if n == 0 else rng.choice(TYPOLOGIES_SECONDAIRES)
                reply = replies[n]
                row[f"Intitulé typologie {i}"] = typo
                row[f"Canaux Typologie {i}"] = channels(rng, typo)
                row[f"Intitulé structure {i}"] = structures[n]
                row[f"Réponse structure {i}"] = reply[0] if reply else ""
                row[f"Taux de similarité réponse IA structure {i}"] = str(reply[1]) if reply else ""
            else:
                for col in ("Intitulé typologie", "Canaux Typologie", "Intitulé structure",
                            "Réponse structure", "Taux de similarité réponse IA structure"):
                    row[f"{col} {i}"] = ""
        if replied:
            row["_days"], row["_published"] = days, published
            # "Oui"/"Non" assigned below, by quota; the score makes AI-assisted and well-received
            # replies a little more often useful
            row["Réponse utile"] = "?" if rng.random() < 0.72 else ""
            row["_score"] = (rng.random() + {"Positif": 0.3, "Neutre": 0.0, "Négatif": -0.1}[ressenti]
                             + (0.15 if any(r and r[2] for r in replies) else 0.0))
        else:
            row["Date de première réponse"] = ""
            row["Réponse utile"] = ""
        row["Thème"] = theme
        rows.append(row)
        for field, kind, value in pii_fields:
            if value not in row[field]:
                raise AssertionError(f"{row['ID expérience']}: {value!r} absent de {field}")
            pii_rows.append((row["ID expérience"], field, kind, value))
        next_id += rng.randrange(3, 60)
    pin_mean_days(rng, rows)
    for row in rows:
        if "_days" in row:
            row["Date de première réponse"], _ = first_reply_cell(rng, row.pop("_published"), row.pop("_days"))
    rated = sorted((r for r in rows if r["Réponse utile"] == "?"), key=lambda r: -r["_score"])
    yes = round(0.74 * len(rated))
    for rank, row in enumerate(rated):
        row["Réponse utile"] = "Oui" if rank < yes else "Non"
    for row in rows:
        row.pop("_score", None)
    return rows, pii_rows


def pin_mean_days(rng: random.Random, rows: list[dict]) -> None:
    """Nudge a few reply delays by one day so that the mean delay is 7.0 days before June and
    3.0 days from June on (the figures the demo is built to show), within 0.05 day."""
    for after, target in ((False, 7.0), (True, 3.0)):
        group = [r for r in rows if "_days" in r and (r["_published"].date() >= AI_START) == after]
        for _ in range(10 * len(group)):
            mean = sum(r["_days"] for r in group) / len(group)
            if abs(mean - target) <= 0.05:
                break
            if mean > target:
                candidates = [r for r in group if r["_days"] > 1]
                rng.choice(candidates)["_days"] -= 1
            else:
                rng.choice(group)["_days"] += 1


def pseudonym(rng: random.Random, person: Person) -> str:
    r = rng.random()
    if r < 0.35:
        return f"{person.prenom}{rng.randrange(10, 99)}"
    if r < 0.5:
        return f"{person.prenom.lower()}.{person.dep[2].lower()}"
    if r < 0.78:
        return rng.choice(PSEUDOS)
    return f"{person.prenom} {person.nom[0]}."


def tags(rng: random.Random, ressenti: str, typologie: str) -> dict:
    weights = {"Négatif": [8, 72, 20], "Neutre": [25, 35, 40], "Positif": [82, 5, 13]}[ressenti]
    main = TAG_OF_TYPO.get(typologie)
    out = {}
    for tag in TAGS:
        if tag == main or rng.random() < 0.5:
            out[tag] = rng.choices(["Positif", "Négatif", "Neutre"], weights)[0]
            if tag == main and ressenti != "Neutre":
                out[tag] = ressenti
        else:
            out[tag] = ""
    return out


def channels(rng: random.Random, typologie: str) -> str:
    first = CANAL_OF_TYPO.get(typologie) or rng.choice(CANAUX)
    chosen = [first]
    if rng.random() < 0.4:
        other = rng.choice(CANAUX)
        if other != first:
            chosen.append(other)
    return ", ".join(chosen)


SPP_COLUMNS = (
    ["ID expérience", "Titre", "Description", "Pseudonyme usager", "Écrit le", "Date de publication",
     "Etat expérience", "Ressenti usager", "Démarches saisies par usager", "Intitulé région usager",
     "Intitulé département usager"] + TAGS
    + [f"{col} {i}" for i in (1, 2, 3) for col in ("Intitulé typologie", "Canaux Typologie",
                                                    "Intitulé structure", "Réponse structure",
                                                    "Taux de similarité réponse IA structure")]
    + ["Date de première réponse", "Réponse utile", "Thème"]
)


# ============================================================================ agent feedback


def build_feedback(rng: random.Random) -> list[dict]:
    agents = sorted(rng.sample(range(1, 41), 25))
    weights = [rng.uniform(0.4, 2.5) for _ in agents]
    monthly = {6: 12, 7: 16, 8: 14, 9: 22, 10: 26, 11: 28, 12: 30}
    used: set[str] = set()
    rows = []
    for month, count in monthly.items():
        days = (dt.date(2025 + month // 12, month % 12 + 1, 1) - dt.date(2025, month, 1)).days
        for _ in range(count):
            day = dt.date(2025, month, rng.randrange(1, days + 1))
            sentiment = rng.choices(["positif", "neutre", "négatif"], [70, 15, 15])[0]
            pool = FEEDBACK[sentiment]
            for _attempt in range(20):
                main = rng.choice(pool["main"])
                detail = rng.choice(pool["detail"])
                comment = main + (" " + detail if detail else "")
                if comment not in used:
                    break
            used.add(comment)
            agent = rng.choices(agents, weights)[0]
            rows.append(dict(agent=f"agent-{agent:03d}", date=day.isoformat(), sentiment=sentiment,
                             comment=comment))
    rows.sort(key=lambda r: (r["date"], r["agent"]))
    return rows


# ============================================================================ writing & checks


def write_csv(path: str, columns: list[str], rows: list[dict], *, delimiter=",", bom=False,
              quote_header=False) -> None:
    buffer = io.StringIO(newline="")
    if bom:
        buffer.write("\ufeff")
    header_writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n",
                               quoting=csv.QUOTE_ALL if quote_header else csv.QUOTE_MINIMAL)
    header_writer.writerow(columns)
    writer = csv.DictWriter(buffer, columns, delimiter=delimiter, lineterminator="\n",
                            extrasaction="ignore")
    writer.writerows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buffer.getvalue())


def parse_day(value: str) -> dt.date:
    if re.fullmatch(r"\d{2}/\d{2}/\d{4}", value):
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    return dt.date.fromisoformat(value[:10])


def figures() -> dict:
    """Read the written files back (as an importer would) and compute the headline figures."""
    with open(os.path.join(HERE, "spp_experiences.csv"), encoding="utf-8-sig", newline="") as f:
        spp = list(csv.DictReader(f, delimiter=";"))
    before, after = [], []
    sims = {"before": [], "after": []}
    useful = []
    for row in spp:
        published = dt.date.fromisoformat(row["Date de publication"][:10])
        period = "after" if published >= AI_START else "before"
        if row["Date de première réponse"]:
            days = (parse_day(row["Date de première réponse"]) - published).days
            assert days >= 0, row["ID expérience"]
            (after if period == "after" else before).append(days)
        for i in (1, 2, 3):
            if row[f"Réponse structure {i}"]:
                sims[period].append(int(row[f"Taux de similarité réponse IA structure {i}"]))
        if row["Réponse utile"]:
            useful.append(row["Réponse utile"] == "Oui")
    with open(os.path.join(HERE, "agent_feedback.csv"), encoding="utf-8", newline="") as f:
        feedback = list(csv.DictReader(f))
    with open(os.path.join(HERE, "questions.csv"), encoding="utf-8", newline="") as f:
        questions = list(csv.DictReader(f))
    with open(os.path.join(HERE, "spp_pii.csv"), encoding="utf-8", newline="") as f:
        pii = list(csv.DictReader(f))
    all_sims = sims["before"] + sims["after"]
    structures = [sum(1 for i in (1, 2, 3) if row[f"Intitulé structure {i}"]) for row in spp]
    return {
        "fiches": len([n for n in os.listdir(os.path.join(HERE, "fiches")) if n.endswith(".xml")]),
        "questions": len(questions),
        "themes": len({q["theme"] for q in questions}),
        "experiences": len(spp),
        "sans_reponse": sum(1 for r in spp if r["Etat expérience"] != "Traitée"),
        "avec_pii": len({p["ID expérience"] for p in pii}),
        "pii": len(pii),
        "deux_structures": sum(1 for s in structures if s == 2),
        "trois_structures": sum(1 for s in structures if s == 3),
        "reponses": len(all_sims),
        "delai_avant": statistics.mean(before),
        "delai_apres": statistics.mean(after),
        "ia_avant": sum(s >= AI_THRESHOLD for s in sims["before"]) / len(sims["before"]),
        "ia_apres": sum(s >= AI_THRESHOLD for s in sims["after"]) / len(sims["after"]),
        "ia_annee": sum(s >= AI_THRESHOLD for s in all_sims) / len(all_sims),
        "utile": sum(useful) / len(useful),
        "utile_n": len(useful),
        "retours_agents": len(feedback),
        "agents": len({r["agent"] for r in feedback}),
        "agents_positifs": sum(r["sentiment"] == "positif" for r in feedback) / len(feedback),
    }


def pct(x: float) -> str:
    return f"{x * 100:.1f} %".replace(".", ",")


def num(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


README_HEAD = """# Données de démonstration

Toutes les données de ce dossier sont **synthétiques** et ont été écrites pour ce projet. Elles ne
contiennent aucune donnée réelle : ni fiche officielle, ni expérience réellement publiée, ni
personne existante. Elles servent aux démonstrations, aux captures d'écran et aux tests du
workbench.

## Fichiers

| fichier | contenu |
|---|---|
| `fiches/F900NN.xml` | {fiches} fiches pratiques au format XML de la DILA (service-public.fr), {themes} thèmes (6 fiches par thème). Identifiants inventés (F90001 à F90072) ; contenu rédigé pour le projet, fidèle dans l'esprit aux règles en vigueur en 2025, montants arrondis (« environ »). Ne pas utiliser comme source de droit. |
| `questions.csv` | {questions} questions d'usagers (`id,question,theme,structure,reference_answer,reference_context_ids,recorded_answer`) : réponse de référence conforme aux fiches, fiche(s) qui y répondent (séparées par `\\|`), et une réponse humaine « historique » de qualité inégale (complète, partielle, simple renvoi, vague), qui sert de point de comparaison. |
| `spp_experiences.csv` | Export d'expériences Services Publics+ ({experiences} expériences publiées en 2025), au format décrit dans `shared/SPP_EXPORT.md` : séparateur `;`, UTF-8 avec BOM, en-têtes entre guillemets, descriptions et réponses sur plusieurs lignes. Colonne supplémentaire `Thème`. |
| `spp_pii.csv` | Les données personnelles fictives insérées volontairement dans cet export (`ID expérience,champ,type,valeur`) : l'oracle des tests de pseudonymisation. |
| `agent_feedback.csv` | Retours des agents sur les brouillons de l'IA (`agent,date,sentiment,comment`), juin à décembre 2025. |

## Comment ces fichiers sont produits

`python datasets/generate.py` (bibliothèque standard uniquement) réécrit tous les fichiers
ci-dessus, ce README compris. Les textes sont rédigés à la main dans `_demo_content/` (fiches,
questions, scénarios d'expériences avec plusieurs variantes par phrase, commentaires d'agents) ;
le script les combine avec des choix aléatoires tirés de `random.Random(2026)` : villes,
dates, montants, formules d'appel et de politesse, structures, délais. Relancer le script
produit des fichiers identiques octet pour octet.

## Données personnelles fictives (volontaires)

Environ une description sur quatre contient des données personnelles inventées, que la
pseudonymisation à l'import doit retirer : nom et prénom (présentation ou signature), numéros de
téléphone dans les tranches réservées à la fiction par l'Arcep (06 39 98 xx xx, 01 99 00 xx xx)
et sous plusieurs formes (`06 39 98 12 34`, `06.39.98.12.34`, `+33 6 39 98 12 34`, `0639981234`),
courriels sur les domaines réservés `exemple.fr` et `example.com`, numéros de sécurité sociale
(NIR) inventés à clé valide, IBAN inventés à clé valide, adresses postales, numéros
d'allocataire, fiscaux ou d'étranger. Certaines réponses reprennent le nom de l'usager
(« Bonjour Madame X, »). La liste exacte est dans `spp_pii.csv`.

## Ce que l'export Services Publics+ doit montrer (cibles)

Construit pour refléter ce que décrivent les rapports publics :

- avant l'arrivée des brouillons IA (publication de janvier à mai 2025) : délai moyen de
  première réponse d'environ 7 jours, similarité avec un brouillon IA faible (< 30) pour
  presque toutes les réponses ;
- à partir de juin 2025 : délai moyen d'environ 3 jours, et environ une réponse sur deux avec une
  similarité ≥ 50 (réponse « assistée par l'IA »), part qui monte de juin à décembre ;
- environ 74 % de « Oui » parmi les expériences dont la colonne `Réponse utile` est renseignée ;
- environ 8 % d'expériences sans réponse (`En attente de réponse`), environ 10 % avec deux
  structures (quelques-unes avec trois) ;
- dates de première réponse au format `JJ/MM/AAAA` ou ISO 8601 (avec ou sans heure) ;
- environ 70 % de retours positifs des agents sur les brouillons.

Délai de réponse = date de première réponse − date de publication, en jours calendaires.

## Chiffres effectivement obtenus

Calculés par `generate.py` en relisant les fichiers écrits (et affichés à chaque exécution) :
"""


def write_readme(fig: dict) -> None:
    table = [
        "| indicateur | valeur |",
        "|---|---|",
        f"| fiches / thèmes | {fig['fiches']} / {fig['themes']} |",
        f"| questions | {fig['questions']} |",
        f"| expériences Services Publics+ | {fig['experiences']} |",
        f"| expériences sans réponse | {fig['sans_reponse']} ({pct(fig['sans_reponse'] / fig['experiences'])}) |",
        f"| expériences avec données personnelles fictives (éléments plantés) | {fig['avec_pii']} ({pct(fig['avec_pii'] / fig['experiences'])}) ; {fig['pii']} éléments |",
        f"| expériences à deux / trois structures | {fig['deux_structures']} / {fig['trois_structures']} |",
        f"| réponses de structures | {fig['reponses']} |",
        f"| délai moyen de première réponse, publication janv.–mai 2025 | {num(fig['delai_avant'])} jours |",
        f"| délai moyen de première réponse, publication juin–déc. 2025 | {num(fig['delai_apres'])} jours |",
        f"| réponses assistées par l'IA (similarité ≥ 50), janv.–mai | {pct(fig['ia_avant'])} |",
        f"| réponses assistées par l'IA (similarité ≥ 50), juin–déc. | {pct(fig['ia_apres'])} |",
        f"| réponses assistées par l'IA (similarité ≥ 50), année 2025 | {pct(fig['ia_annee'])} |",
        f"| « Réponse utile » = Oui (sur {fig['utile_n']} avis) | {pct(fig['utile'])} |",
        f"| retours d'agents / agents | {fig['retours_agents']} / {fig['agents']} |",
        f"| retours d'agents positifs | {pct(fig['agents_positifs'])} |",
        "",
    ]
    text = README_HEAD.format(**fig) + "\n" + "\n".join(table)
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main() -> None:
    master = random.Random(SEED)
    rng_fiches, rng_questions, rng_spp, rng_feedback = (random.Random(master.getrandbits(64))
                                                        for _ in range(4))
    write_fiches(rng_fiches)
    questions = build_questions(rng_questions)
    write_csv(os.path.join(HERE, "questions.csv"),
              ["id", "question", "theme", "structure", "reference_answer", "reference_context_ids",
               "recorded_answer"], questions)
    spp, pii = build_spp(rng_spp)
    write_csv(os.path.join(HERE, "spp_experiences.csv"), SPP_COLUMNS, spp, delimiter=";", bom=True,
              quote_header=True)
    write_csv(os.path.join(HERE, "spp_pii.csv"), ["ID expérience", "champ", "type", "valeur"],
              [dict(zip(["ID expérience", "champ", "type", "valeur"], p)) for p in pii])
    feedback = build_feedback(rng_feedback)
    write_csv(os.path.join(HERE, "agent_feedback.csv"), ["agent", "date", "sentiment", "comment"], feedback)
    fig = figures()
    write_readme(fig)
    width = max(len(k) for k in fig)
    for key, value in fig.items():
        shown = f"{value:.3f}" if isinstance(value, float) else value
        print(f"{key:<{width}}  {shown}")


if __name__ == "__main__":
    main()
