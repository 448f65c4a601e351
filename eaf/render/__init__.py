"""Diagrams: computed views → DOT text (pure) → SVG/PNG through Graphviz (the only side effect)."""
