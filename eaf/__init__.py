"""eaf: an e-government architecture as code.

Validated YAML models of a province's e-government architecture (organisations, systems, data,
platforms, services, interconnections), a graph built from them, and what is derived from it.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
