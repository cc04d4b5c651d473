"""Routing: shortest paths, alternatives, Pareto sets, corridor comparison."""

__all__: list[str] = []
