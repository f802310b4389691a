"""Generators: one protocol, built from a pipeline's ``[generation]`` section."""

from workbench.generation.base import Generation, GenerationRequest, Generator, build_generator

__all__ = ["Generation", "GenerationRequest", "Generator", "build_generator"]
