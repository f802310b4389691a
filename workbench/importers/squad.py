"""Parser of SQuAD v1 JSON files (also FQuAD / PIAF, same shape) into Question records.

``{"data": [{"title", "paragraphs": [{"context", "qas": [{"id", "question",
"answers": [{"text", "answer_start"}]}]}]}]}``: one Question per ``qas`` entry, whose
reference context id is ``"{title}#{paragraph index}"`` and whose metadata keeps the
paragraph (``context``) so that the caller can build a corpus from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.errors import InputError
from workbench.importers.json_files import load_json
from workbench.importers.text import EmptyInputError, read_text
from workbench.importers.values import cell_text
from workbench.records import Question

_KINDS = {dict: "un objet", list: "un tableau", str: "une chaîne", bool: "un booléen",
          int: "un nombre", float: "un nombre", type(None): "null"}


def parse_squad(path: Path) -> list[Question]:
    """Read a SQuAD v1 file; InputError names the JSON path at fault (``data[0].paragraphs[2]``)."""
    path = Path(path)
    file = str(path)
    try:
        text = read_text(path)
    except EmptyInputError:
        raise InputError("fichier vide : aucune question", file=file) from None
    return squad_questions(load_json(text, file), file)


def squad_questions(document: Any, file: str) -> list[Question]:
    """The questions of an already decoded SQuAD document."""
    if not isinstance(document, dict):
        raise InputError(
            f'objet JSON attendu à la racine (format SQuAD : {{"data": [...]}}), trouvé {_kind(document)}',
            file=file,
        )
    questions: list[Question] = []
    first_path: dict[str, str] = {}
    for a, article in enumerate(_field(document, "data", list, "", file)):
        article_path = f"data[{a}]"
        title = cell_text(_field(article, "title", str, article_path, file)) or article_path
        for p, paragraph in enumerate(_field(article, "paragraphs", list, article_path, file)):
            paragraph_path = f"{article_path}.paragraphs[{p}]"
            context = _field(paragraph, "context", str, paragraph_path, file)
            for q, qa in enumerate(_field(paragraph, "qas", list, paragraph_path, file)):
                qa_path = f"{paragraph_path}.qas[{q}]"
                questions.append(_question(qa, qa_path, file, title, p, context, first_path))
    if not questions:
        raise InputError("aucune question dans le fichier", file=file)
    return questions


def _question(qa: Any, path: str, file: str, title: str, paragraph: int, context: str,
              first_path: dict[str, str]) -> Question:
    question_id = cell_text(_field(qa, "id", (str, int), path, file))
    if not question_id:
        raise InputError("identifiant vide", file=file, record=path, column="id")
    if question_id in first_path:
        raise InputError(
            f"identifiant de question en double « {question_id} » (déjà vu en {first_path[question_id]})",
            file=file, record=path, column="id",
        )
    first_path[question_id] = path
    text = _field(qa, "question", str, path, file).strip()
    if not text:
        raise InputError("question vide", file=file, record=path, column="question")
    answers = _field(qa, "answers", list, path, file) if "answers" in qa else []
    answer_texts = [
        _field(answer, "text", str, f"{path}.answers[{i}]", file) for i, answer in enumerate(answers)
    ]
    metadata: dict[str, Any] = {"context": context, "title": title, "answers": answer_texts}
    if "is_impossible" in qa:
        metadata["is_impossible"] = qa["is_impossible"]
    return Question(
        external_id=question_id,
        text=text,
        reference_answer=answer_texts[0] if answer_texts else None,
        reference_context_ids=[f"{title}#{paragraph}"],
        metadata=metadata,
    )


def _field(container: Any, key: str, kind: type | tuple[type, ...], path: str, file: str) -> Any:
    if not isinstance(container, dict):
        raise InputError(f"objet JSON attendu, trouvé {_kind(container)}", file=file,
                         record=path or None)
    if key not in container:
        raise InputError(f"clé « {key} » manquante", file=file, record=path or None)
    value = container[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        expected = _kind_name(kind)
        raise InputError(f"« {key} » : {expected} attendu, trouvé {_kind(value)}",
                         file=file, record=path or None)
    return value


def _kind(value: Any) -> str:
    return _KINDS.get(type(value), type(value).__name__)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    first = kind[0] if isinstance(kind, tuple) else kind
    return {list: "tableau", str: "chaîne", dict: "objet"}.get(first, "valeur")
