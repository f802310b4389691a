"""Retrieval: one Retriever protocol, built from a pipeline's ``[retrieval]`` section."""

from workbench.retrieval.base import Hit, Retriever, build_retriever

__all__ = ["Hit", "Retriever", "build_retriever"]
