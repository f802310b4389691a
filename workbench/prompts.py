"""Prompt templates: Jinja2 files with a ``system`` and a ``user`` block.

Citizen text only ever fills variables of the ``user`` block: it cannot change the system
prompt, and Jinja2 never evaluates it as template code.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape

from workbench.config import resolve_prompt
from workbench.errors import InputError


@lru_cache(maxsize=32)
def _template(path: str, mtime: float):
    file = Path(path)
    env = Environment(
        loader=FileSystemLoader(str(file.parent)),
        autoescape=select_autoescape(enabled_extensions=(), default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    try:
        template = env.get_template(file.name)
    except TemplateError as error:
        raise InputError(f"gabarit de prompt invalide : {error}", file=str(file)) from None
    missing = {"system", "user"} - set(template.blocks)
    if missing:
        raise InputError(
            f"le gabarit doit définir les blocs {{% block system %}} et {{% block user %}} (manque : {', '.join(sorted(missing))})",
            file=str(file),
        )
    return template


def load_template(path: str):
    file = resolve_prompt(path)
    if not file.exists():
        raise InputError("gabarit de prompt introuvable", file=str(file))
    return _template(str(file), file.stat().st_mtime)


def render_messages(path: str, **variables) -> list[dict[str, str]]:
    """The chat messages of a template for one question and its passages."""
    template = load_template(path)
    context = template.new_context(variables)
    try:
        system = "".join(template.blocks["system"](context)).strip()
        user = "".join(template.blocks["user"](context)).strip()
    except TemplateError as error:
        raise InputError(f"rendu du gabarit impossible : {error}", file=path) from None
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def messages_hash(messages: list[dict[str, str]]) -> str:
    return hashlib.sha256(json.dumps(messages, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
