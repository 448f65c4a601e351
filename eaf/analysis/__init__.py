"""Gap analysis: the architecture at a date, gaps between plateaus, KPIs, per-unit coverage,
conformance to the framework's rules and completeness of the model's own data."""
