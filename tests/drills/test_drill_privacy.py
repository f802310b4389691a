"""Privacy drill: planted personal data never reaches the logs, the database, the endpoints or
the exports.

Input: the experiences of the demo Services Publics+ export that carry its 196 planted items
(listed in ``datasets/spp_pii.csv``), with their platform pseudonyms and one more column of free
text, plus a question set, agents' feedback and a rating comment written here with every kind of
personal data the product pseudonymises, in several spellings. Everything
goes through the real CLI (subprocesses, logging at DEBUG to a file, stdout and stderr kept),
the replay and the LLM judge talk to the OpenAI-compatible stub on loopback (every request body
recorded), and the answers are exported to CSV as the Résultats page does. Then every text is
scanned: the log, stdout and stderr, every text column of every table (enumerated from
``information_schema``, so a new column is covered without touching this test), every string of
every request body, the exports and every file written next to the database. A planted value
is looked for as written, case-folded and without separators (phone digits, IBAN and NIR without
spaces): zero occurrences allowed.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb

from openai_stub import OpenAIStub
from workbench import exports, results
from workbench.config import DATASETS_DIR
from workbench.store import Store

ROOT = Path(__file__).resolve().parents[2]


# -- planted values ------------------------------------------------------------------------------


def nir(first13: str) -> str:
    """A NIR with its valid key, spelled like ``first13`` (spaces kept)."""
    key = 97 - int(re.sub(r"\D", "", first13)) % 97
    return f"{first13} {key:02d}" if " " in first13 else f"{first13}{key:02d}"


def iban_fr(bban: str, *, grouped: bool) -> str:
    """A French IBAN with valid check digits for this 23-character BBAN."""
    digits = "".join(str(int(c, 36)) for c in bban + "FR00")
    compact = f"FR{98 - int(digits) % 97:02d}{bban}"
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4)) if grouped else compact


NIR_1 = nir("1 84 12 75 116 023")
NIR_2 = nir("2920369123456")
IBAN_1 = iban_fr("30004012340001234567843", grouped=True)
IBAN_2 = iban_fr("20041010050500013M02606", grouped=False)

# (kind, value) of everything planted in the files written by this test.
PLANTED = [
    ("nom", "Gaëlle Vautrin"),
    ("nom", "Bastien Lemarchal"),
    ("nom", "Hortense Quillet"),
    ("nom", "Firmin Dautrecourt"),
    ("nom", "Odile Kerbrat"),
    ("nom", "Anselme Trouvadec"),
    ("nom", "Rosalie Fenwick"),
    ("téléphone", "06 12 34 56 78"),
    ("téléphone", "06.21.43.65.87"),
    ("téléphone", "07-11-22-33-44"),
    ("téléphone", "0698765432"),
    ("téléphone", "+33 6 45 67 89 01"),
    ("téléphone", "+33745678902"),
    ("téléphone", "01 43 21 87 65"),
    ("téléphone", "07 98 76 54 32"),
    ("téléphone", "05 56 78 90 12"),
    ("courriel", "Gaelle.Vautrin@Exemple.fr"),
    ("courriel", "b.lemarchal+caf@courriel.example.org"),
    ("courriel", "firmin.dautrecourt@exemple.org"),
    ("courriel", "rosalie.fenwick@exemple.net"),
    ("nir", NIR_1),
    ("nir", NIR_2),
    ("iban", IBAN_1),
    ("iban", IBAN_2),
    ("adresse", "14 rue des Lilas, 69003 Lyon"),
    ("adresse", "3 bis avenue Jean Jaurès 13001 Marseille"),
    ("numéro allocataire", "4827153"),
    ("numéro fiscal", "30 12 345 678 901"),
    ("numéro étranger", "7712345098"),
]

QUESTIONS = [
    ("P01", "Bonjour, je m'appelle Gaëlle Vautrin, joignable au 06 12 34 56 78 ou à Gaelle.Vautrin@Exemple.fr."
     " Comment renouveler ma carte d'identité ?",
     "Madame, Monsieur, pour renouveler votre carte d'identité, faites une pré-demande en ligne.",
     "Bonjour Mme Gaëlle Vautrin, nous vous rappellerons au 06 12 34 56 78. Cordialement."),
    ("P02", "Numéro allocataire 4827153 : je n'ai pas reçu mon aide au logement. J'habite 14 rue des Lilas,"
     f" 69003 Lyon. Mon IBAN est {IBAN_1}.",
     "L'aide au logement se demande en ligne auprès de la CAF.",
     "Bonjour, votre dossier est en cours. Cordialement, le service."),
    ("P03", f"Je suis Mme Hortense Quillet, mon numéro de sécurité sociale est {NIR_1}, tél. 06.21.43.65.87."
     " Quand dois-je demander ma retraite ?",
     "La demande de retraite se fait en ligne, six mois avant la date de départ souhaitée.",
     "Madame Quillet, appelez-nous au 06.21.43.65.87. Bien cordialement."),
    ("P04", "Mon numéro fiscal : 30 12 345 678 901. Écrivez-moi à b.lemarchal+caf@courriel.example.org ou"
     " appelez le +33 6 45 67 89 01 pour mon permis de conduire perdu. Cordialement, Bastien Lemarchal",
     "Un permis de conduire perdu se déclare en ligne sur le site de l'ANTS.",
     "Bonjour M. Lemarchal, votre demande est transmise. Cordialement."),
    ("P05", "Mon numéro étranger est le 7712345098. Je réside 3 bis avenue Jean Jaurès 13001 Marseille,"
     f" portable 07-11-22-33-44, numéro de sécurité sociale {NIR_2}, IBAN {IBAN_2}. Ma carte d'identité ?",
     "Pour renouveler votre carte d'identité, prenez rendez-vous en mairie.",
     "Bonjour, nous avons bien reçu votre message. Cordialement."),
    ("P06", "Ma retraite n'est pas versée, rappelez-moi au 0698765432 ou au +33745678902"
     " (fixe 01 43 21 87 65).",
     "La retraite se demande sur le site de l'Assurance retraite.",
     "Madame, Monsieur, nous revenons vers vous. Cordialement."),
]

FEEDBACK = [
    ("agent-001", "2025-06-11", "positif", "Mme Hortense Quillet a rappelé au 06 12 34 56 78, réponse claire."),
    ("agent-002", "2025-06-12", "négatif", "Le brouillon citait gaelle.vautrin@exemple.fr et le 14 rue des Lilas, 69003 Lyon."),
    ("agent-003", "2025-06-13", "neutre", f"Dossier de M. Bastien Lemarchal, IBAN {IBAN_1}, NIR {NIR_1}."),
]

# Columns beyond the known ones are kept as metadata: free text there is pseudonymised too.
QUESTION_NOTE = "Rappeler M. Anselme Trouvadec au 05 56 78 90 12."
SPP_NOTE = "Signalé par Mme Rosalie Fenwick, rosalie.fenwick@exemple.net."

RATING_COMMENT = (
    "Réponse transmise à M. Firmin Dautrecourt (firmin.dautrecourt@exemple.org, 07 98 76 54 32)"
    " et à Mme Odile Kerbrat."
)

CORPUS = [
    {"id": "F1", "title": "Carte d'identité : renouvellement", "url": "https://www.service-public.fr/particuliers/vosdroits/F1",
     "text": "Pour renouveler votre carte d'identité, faites une pré-demande en ligne puis prenez rendez-vous en mairie."},
    {"id": "F2", "title": "Aide personnalisée au logement", "url": "https://www.service-public.fr/particuliers/vosdroits/F2",
     "text": "L'aide personnalisée au logement se demande en ligne auprès de la CAF, selon vos ressources et votre loyer."},
    {"id": "F3", "title": "Demande de retraite", "url": "https://www.service-public.fr/particuliers/vosdroits/F3",
     "text": "La demande de retraite se fait en ligne, six mois avant la date de départ souhaitée."},
    {"id": "F4", "title": "Permis de conduire perdu", "url": "https://www.service-public.fr/particuliers/vosdroits/F4",
     "text": "Un permis de conduire perdu se déclare en ligne sur le site de l'ANTS, qui délivre un nouveau titre."},
]


# -- the scanner ---------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s.\-]+")


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", text.casefold())


@dataclass(frozen=True)
class Needle:
    kind: str
    value: str
    exact: re.Pattern[str]  # case-folded, as written, not inside a longer word
    compact: re.Pattern[str] | None  # case-folded, separators removed, not inside a longer number

    @classmethod
    def of(cls, kind: str, value: str) -> "Needle":
        folded = value.casefold()
        exact = re.compile(r"(?<!\w)" + re.escape(folded) + r"(?!\w)")
        squeezed = _compact(value)
        compact = None
        if squeezed != folded and len(squeezed) >= 7:
            # Separators are gone on both sides: only a digit may not touch a digit.
            before = r"(?<!\d)" if squeezed[0].isdigit() else ""
            after = r"(?!\d)" if squeezed[-1].isdigit() else ""
            compact = re.compile(before + re.escape(squeezed) + after)
        return cls(kind, value, exact, compact)

    def found_in(self, folded: str, squeezed: str) -> bool:
        return bool(self.exact.search(folded) or (self.compact and self.compact.search(squeezed)))


class Scanner:
    def __init__(self, needles: list[Needle]) -> None:
        self.needles = needles
        self.hits: list[tuple[str, str, str]] = []  # (where, kind, value)
        self.texts = 0
        self.chars = 0

    def scan(self, where: str, text: str | None) -> None:
        if not text:
            return
        self.texts += 1
        self.chars += len(text)
        folded, squeezed = text.casefold(), _compact(text)
        for needle in self.needles:
            if needle.found_in(folded, squeezed):
                self.hits.append((where, needle.kind, needle.value))


def _strings(value) -> list[str]:
    """Every string inside a JSON value (keys included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _demo_planted() -> list[tuple[str, str, str]]:
    """The demo export's planted items: (experience id, kind, value)."""
    with (DATASETS_DIR / "spp_pii.csv").open(encoding="utf-8") as file:
        return [(row["ID expérience"], row["type"], row["valeur"]) for row in csv.DictReader(file)]


def _demo_export_rows() -> list[dict[str, str]]:
    """The rows of the demo export that carry planted items (the others add time, not cases)."""
    ids = {experience for experience, _, _ in _demo_planted()}
    with (DATASETS_DIR / "spp_experiences.csv").open(encoding="utf-8-sig", newline="") as file:
        return [row for row in csv.DictReader(file, delimiter=";") if row["ID expérience"] in ids]


def _needles() -> list[Needle]:
    planted = list(PLANTED) + [(kind, value) for _, kind, value in _demo_planted()]
    pseudonyms = {row["Pseudonyme usager"].strip() for row in _demo_export_rows()}
    planted += [("pseudonyme", p) for p in sorted(pseudonyms) if p]
    unique = dict.fromkeys(planted)
    return [Needle.of(kind, value) for kind, value in unique]


# -- the drill -----------------------------------------------------------------------------------


def _write_inputs(folder: Path) -> dict[str, Path]:
    files = {
        "corpus": folder / "fiches.jsonl",
        "questions": folder / "questions.csv",
        "feedback": folder / "retours.csv",
        "pipeline": folder / "pipeline.toml",
        "experiences": folder / "export_spp.csv",
    }
    files["corpus"].write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in CORPUS), encoding="utf-8")
    with files["questions"].open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "question", "theme", "structure", "reference_answer", "reference_context_ids",
                         "recorded_answer", "note_conseiller"])
        for qid, question, reference, recorded in QUESTIONS:
            writer.writerow([qid, question, "démarches", "Mairie", reference, "F1", recorded, QUESTION_NOTE])
    with files["feedback"].open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["agent", "date", "sentiment", "comment"])
        writer.writerows(FEEDBACK)
    # The demo Services Publics+ export's rows with planted items, with one more column of free text.
    rows = _demo_export_rows()
    with files["experiences"].open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=[*rows[0], "Note de modération"], delimiter=";", quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows({**row, "Note de modération": SPP_NOTE if i % 20 == 0 else ""} for i, row in enumerate(rows))
    return files


def test_planted_personal_data_never_leaves_the_citizen_files(tmp_path: Path) -> None:
    db = tmp_path / "wb.duckdb"
    log_file = tmp_path / "workbench.log"
    (tmp_path / "inputs").mkdir()
    inputs = _write_inputs(tmp_path / "inputs")
    env = {**os.environ, "WORKBENCH_LOG_LEVEL": "DEBUG", "WORKBENCH_LOG_FILE": str(log_file)}
    outputs: list[tuple[str, str]] = []  # (command, stdout + stderr)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "workbench.cli", "--db", str(db), *args],
            capture_output=True, text=True, timeout=300, cwd=ROOT, env=env,
        )
        outputs.append((" ".join(args[:2]), done.stdout + "\n" + done.stderr))
        print(f"{' '.join(args[:2])}: {time.perf_counter() - started:.1f} s")
        assert done.returncode == 0, done.stderr[-3000:]
        return done

    with OpenAIStub() as stub:
        inputs["pipeline"].write_text(
            'name = "drill-privacy"\n[retrieval]\nkind = "bm25"\ncorpus = "kb"\nk = 2\n'
            f'[generation]\nkind = "openai"\nbase_url = "{stub.base_url}"\ntimeout_s = 10\n',
            encoding="utf-8",
        )
        cli("import", "corpus", str(inputs["corpus"]), "--corpus", "kb", "--format", "jsonl")
        cli("import", "questions", str(inputs["questions"]), "--dataset", "privé", "--json")
        cli("import", "experiences", str(inputs["experiences"]), "--json")
        cli("import", "agent-feedback", str(inputs["feedback"]), "--json")
        run_id = json.loads(cli("replay", "--pipeline", str(inputs["pipeline"]), "--dataset", "privé", "--json").stdout)["run_id"]
        replay_requests = len(stub.state.requests)
        cli("score", run_id, "--metrics", "default,public_service,faithfulness", "--judge-base-url", stub.base_url, "--json")
        cli("rate", run_id, "P01", "--rater", "evaluatrice-1", "--stars", "2.5", "--negative", "imprecisions",
            "--comment", RATING_COMMENT, "--json")
        cli("ratings", run_id, "--json")
        cli("kpi", "--json")
        requests = list(stub.state.requests)

    # The exports of the Résultats page (CSV, the whole run with passages and scores), and the
    # KPI tables of Indicateurs, made by the same functions the pages call.
    store = Store(db)
    answers, scores = store.answers_frame(run_id), store.scores_frame([run_id])
    export_dir = tmp_path / "exports"
    export_dir.mkdir()
    (export_dir / f"{run_id}.csv").write_bytes(exports.export_bytes(results.full_export(answers, scores), "csv")[0])
    (export_dir / f"{run_id}-questions.csv").write_bytes(
        exports.export_bytes(results.question_table(answers, scores), "csv")[0]
    )

    needles = _needles()
    kinds = Counter(n.kind for n in needles)
    assert {"nom", "téléphone", "courriel", "nir", "iban", "adresse", "numéro allocataire", "numéro fiscal",
            "numéro étranger", "pseudonyme"} <= set(kinds), kinds

    # The scanner finds every planted value in the raw inputs: a leak could not go unseen.
    raw = Scanner(needles)
    raw.scan("inputs", "\n".join(inputs[k].read_text(encoding="utf-8-sig") for k in ("questions", "feedback", "experiences"))
             + "\n" + RATING_COMMENT)
    missing = {n.value for n in needles} - {value for _, _, value in raw.hits}
    assert not missing, f"planted values the scanner cannot see in the inputs: {sorted(missing)[:10]}"
    # ...and in their normalised forms.
    for text, value in (("0612345678", "06 12 34 56 78"), (IBAN_1.replace(" ", ""), IBAN_1),
                        ("GAELLE.VAUTRIN@exemple.FR", "Gaelle.Vautrin@Exemple.fr"),
                        (NIR_1.replace(" ", ""), NIR_1)):
        probe = Scanner([n for n in needles if n.value == value])
        probe.scan("probe", f"texte {text} texte")
        assert probe.hits, value

    scanner = Scanner(needles)

    # 1. Logs, stdout and stderr of every command.
    log_text = log_file.read_text(encoding="utf-8")
    assert "DEBUG" in log_text  # logging really ran at DEBUG
    scanner.scan("log", log_text)
    for command, text in outputs:
        scanner.scan(f"sortie de `{command}`", text)

    # 2. Every text column of every table.
    with duckdb.connect(str(db), read_only=True) as con:
        columns = con.execute(
            "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c"
            " JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
            " WHERE t.table_type = 'BASE TABLE' AND c.table_schema = 'main'"
            " AND (c.data_type LIKE '%VARCHAR%' OR c.data_type LIKE '%JSON%' OR c.data_type LIKE '%STRUCT%'"
            "      OR c.data_type LIKE '%MAP%' OR c.data_type LIKE '%UNION%')"
            " ORDER BY c.table_name, c.ordinal_position"
        ).fetchall()
        tables = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = 'main'"
        ).fetchone()[0]
        cells = rows = 0
        for table, column, _ in columns:
            values = con.execute(f'SELECT CAST("{column}" AS VARCHAR) FROM "{table}" WHERE "{column}" IS NOT NULL').fetchall()
            cells += len(values)
            for (value,) in values:
                scanner.scan(f"{table}.{column}", value)
        for table in {t for t, _, _ in columns}:
            rows += con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        stored = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("experiences", "replies", "questions", "answers", "agent_feedback", "ratings", "scores")}
        notes = [json.loads(m)["note_conseiller"] for (m,) in con.execute("SELECT metadata FROM questions").fetchall()]
        moderation = [json.loads(m).get("Note de modération") for (m,) in con.execute("SELECT metadata FROM experiences").fetchall()]
    assert {("experiences", "description"), ("experiences", "metadata"), ("questions", "metadata"), ("answers", "text"),
            ("ratings", "comment")} <= {(t, c) for t, c, _ in columns}

    # 3. Every string of every request body sent to the endpoint (replay and judge).
    for i, body in enumerate(requests):
        for text in _strings(body):
            scanner.scan(f"requête {i}", text)

    # 4. The exports, and every file written next to the database (indexes, caches).
    written = [p for p in export_dir.rglob("*") if p.is_file()]
    written += [p for p in tmp_path.glob(f"{db.name}.cache/**/*") if p.is_file()]
    for path in written:
        scanner.scan(str(path.relative_to(tmp_path)), path.read_bytes().decode("utf-8", errors="replace"))

    print(
        f"\nprivacy drill: {len(needles)} planted values ({dict(kinds)}); scanned {scanner.texts} texts,"
        f" {scanner.chars:,} characters: the log ({len(log_text.splitlines())} lines) and {len(outputs)} commands'"
        f" stdout/stderr, {len(columns)} text columns of {tables} tables ({rows:,} rows, {cells:,} non-null cells),"
        f" {len(requests)} request bodies ({replay_requests} replay, {len(requests) - replay_requests} judge),"
        f" {len(written)} files written (exports, caches); stored: {stored}"
    )
    assert scanner.hits == [], sorted(set(scanner.hits))[:20]

    # The drill really exercised the product: everything was stored, sent and scored.
    assert stored["experiences"] == len(_demo_export_rows()) and stored["questions"] == len(QUESTIONS) and stored["ratings"] == 1
    assert stored["answers"] == len(QUESTIONS) and stored["agent_feedback"] == len(FEEDBACK) and stored["scores"] > 0
    assert replay_requests == len(QUESTIONS) and len(requests) > replay_requests  # the judge was called too
    sent = "\n".join(s for body in requests for s in _strings(body))
    assert all(placeholder in sent for placeholder in ("<NOM>", "<TEL>", "<EMAIL>", "<NIR>", "<IBAN>", "<ADRESSE>"))
    # The extra columns were kept, pseudonymised.
    assert len(notes) == len(QUESTIONS) and all("<NOM>" in n and "<TEL>" in n for n in notes), notes
    moderation = [n for n in moderation if n]
    assert len(moderation) == -(-len(_demo_export_rows()) // 20) and all("<NOM>" in n and "<EMAIL>" in n for n in moderation), moderation
