"""Pipeline configuration files for the app: list, read, validate, save; prompt previews and
model discovery on an OpenAI-compatible endpoint.

Bundled configurations live in ``pipelines/``; configurations saved from the app go to the user
folder, ``WORKBENCH_PIPELINES_DIR`` (default: ``pipelines/`` as well).
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench import config
from pydantic import ValidationError

from workbench.config import PipelineConfig, load_pipeline, parse_pipeline
from workbench.errors import InputError, WorkbenchError
from workbench.prompts import render_messages
from workbench.store import Store


@dataclass(frozen=True)
class PipelineFile:
    path: Path
    bundled: bool
    config: PipelineConfig | None  # None when the file does not validate
    error: str | None = None

    @property
    def label(self) -> str:
        name = self.config.name if self.config else self.path.stem
        origin = "fourni" if self.bundled else "enregistré"
        return f"{name} ({self.path.name}, {origin})"


def user_pipelines_dir() -> Path:
    return Path(os.environ.get("WORKBENCH_PIPELINES_DIR") or config.PIPELINES_DIR)


def pipeline_files() -> list[PipelineFile]:
    """Bundled and saved pipeline files, bundled first; invalid files carry their error."""
    seen: set[Path] = set()
    result = []
    for folder, bundled in ((config.PIPELINES_DIR, True), (user_pipelines_dir(), False)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            try:
                result.append(PipelineFile(path, bundled, load_pipeline(path)))
            except WorkbenchError as error:
                result.append(PipelineFile(path, bundled, None, str(error)))
    return result


def prompt_templates() -> list[str]:
    """Prompt templates, as the relative paths a pipeline names (``prompts/x.j2``)."""
    return [f"prompts/{p.name}" for p in sorted(config.PROMPTS_DIR.glob("*.j2"))]


def _clean(value: Any) -> Any:
    """Form values to configuration values: empty text means "not set"."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if _clean(v) is not None}
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def validate_form(data: dict[str, Any]) -> PipelineConfig:
    """A configuration from the app's form, validated by the same models as TOML files.

    Unlike a TOML file's error, which names the first bad key, the form lists every one.
    """
    try:
        return PipelineConfig.model_validate(_clean(data))
    except ValidationError as error:
        kinds = ("extractive", "recorded", "openai", "vllm")
        problems = []
        for item in error.errors():
            where = ".".join(str(p) for p in item["loc"] if p not in kinds)
            if item["type"] == "missing":
                problems.append(f"« {where} » est obligatoire")
            else:
                problems.append(f"« {where} » : {item['msg']}")
        raise InputError("configuration invalide — " + " ; ".join(problems)) from None


# The app's form is flat: these keys, prefixed ``r_`` (retrieval) and ``g_`` (generation).
GENERATION_FIELDS = {
    "extractive": ("prompt", "max_sentences"),
    "recorded": ("prompt",),
    "openai": ("prompt", "base_url", "api_key_env", "model", "temperature", "top_p", "max_tokens", "seed", "stream", "timeout_s"),
    "vllm": ("prompt", "model", "temperature", "top_p", "max_tokens", "seed"),
}
RETRIEVAL_FIELDS = ("kind", "corpus", "k", "chunk_size", "chunk_overlap", "min_score", "encoder")


def form_values(pipeline: PipelineConfig | None = None) -> dict[str, Any]:
    """Flat form values for a configuration (defaults when ``None``): to fill, clone or edit."""
    defaults = {
        "name": "mon-pipeline", "description": "",
        "r_kind": "bm25", "r_corpus": None, "r_k": 5, "r_chunk_size": None, "r_chunk_overlap": None,
        "r_min_score": None, "r_encoder": "local",
        "g_kind": "extractive", "g_prompt": "prompts/agent_reply.j2", "g_max_sentences": 4,
        "g_base_url": "http://127.0.0.1:8000/v1", "g_api_key_env": "", "g_model": "",
        "g_temperature": 0.2, "g_top_p": 1.0, "g_max_tokens": 512, "g_seed": None, "g_stream": False,
        "g_timeout_s": 60.0,
    }
    if pipeline is None:
        return defaults
    values = dict(defaults, name=pipeline.name, description=pipeline.description)
    for key, value in pipeline.retrieval.model_dump().items():
        if f"r_{key}" in values:
            values[f"r_{key}"] = value
    values["g_prompt"] = pipeline.generation.prompt
    for key, value in pipeline.generation.model_dump().items():
        if f"g_{key}" in values and value is not None:
            values[f"g_{key}"] = float(value) if key in ("temperature", "top_p", "timeout_s") else value
    return values


def config_from_form(values: dict[str, Any]) -> PipelineConfig:
    """Validate flat form values (``form_values`` keys) as a pipeline configuration."""
    kind = values.get("g_kind") or "extractive"
    retrieval = {key: values.get(f"r_{key}") for key in RETRIEVAL_FIELDS}
    if retrieval["kind"] == "none":
        retrieval = {"kind": "none"}
    elif retrieval["kind"] == "bm25":
        retrieval.pop("encoder", None)
    generation = {"kind": kind, **{key: values.get(f"g_{key}") for key in GENERATION_FIELDS.get(kind, ())}}
    return validate_form(
        {
            "name": values.get("name"),
            "description": values.get("description"),
            "retrieval": retrieval,
            "generation": generation,
        }
    )


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:80] or "pipeline"


def save_pipeline_file(pipeline: PipelineConfig, *, overwrite: bool = False, folder: Path | None = None) -> Path:
    """Write ``pipeline`` as TOML in the user folder, named after it; returns the path."""
    folder = folder or user_pipelines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug(pipeline.name)}.toml"
    if path.exists() and not overwrite:
        raise InputError(
            "un fichier porte déjà ce nom : changez le nom du pipeline ou cochez « Remplacer »",
            file=str(path),
        )
    header = f"# {pipeline.description}\n" if pipeline.description else ""
    text = header + pipeline.to_toml()
    load_check = parse_pipeline(tomllib.loads(text), str(path))  # round trip
    if load_check.id != pipeline.id:
        raise WorkbenchError("la configuration ne se relit pas à l'identique ; rien n'a été écrit")
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def preview_messages(store: Store, pipeline: PipelineConfig, question: dict[str, Any]) -> list[dict[str, str]]:
    """The messages the pipeline would send for one question, with real retrieval when set."""
    from workbench.retrieval import build_retriever

    prompt = pipeline.generation.prompt
    if not prompt:
        return [{"role": "user", "content": question.get("text") or ""}]
    hits = []
    if pipeline.retrieval.kind != "none":
        retriever = build_retriever(store, pipeline.retrieval)
        hits = retriever.retrieve(question.get("text") or "", pipeline.retrieval.k) if retriever else []
        if pipeline.retrieval.min_score is not None:
            hits = [h for h in hits if h.score >= pipeline.retrieval.min_score]
    return render_messages(
        prompt,
        question=question.get("text") or "",
        passages=[h.as_context() for h in hits],
        structure=question.get("structure"),
        theme=question.get("theme"),
    )


def discover_models(base_url: str, api_key_env: str | None = None, *, timeout_s: float = 5.0) -> list[str]:
    """The model ids an OpenAI-compatible server lists on ``/v1/models``."""
    import openai

    from workbench.generation.openai_compat import api_key

    client = openai.OpenAI(base_url=base_url, api_key=api_key(api_key_env), timeout=timeout_s, max_retries=0)
    try:
        return [m.id for m in client.models.list().data]
    except openai.APIStatusError as error:
        raise WorkbenchError(f"{base_url}/models a répondu HTTP {error.status_code}") from None
    except (openai.APIConnectionError, openai.APITimeoutError):
        raise WorkbenchError(f"serveur injoignable : {base_url}") from None
    finally:
        client.close()
