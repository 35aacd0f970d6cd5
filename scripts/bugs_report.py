"""The bug runner's verdicts and the matrix it writes (scripts/bugs.py)."""

from __future__ import annotations

from dataclasses import dataclass

LAYERS = ("unit", "integration", "postgres", "e2e")


@dataclass
class Outcome:
    """One layer's verdict on one bug."""

    verdict: str  # caught, missed, passed (the control), skipped, error
    seconds: float = 0.0
    first_failure: str = ""
    note: str = ""


def cell(outcome: Outcome) -> str:
    if outcome.verdict == "caught":
        return f"✅ {outcome.seconds:.1f} s `{outcome.first_failure}`"
    if outcome.verdict == "missed":
        return f"❌ missed ({outcome.seconds:.0f} s)"
    if outcome.verdict == "passed":
        return f"passes ({outcome.seconds:.0f} s)"
    if outcome.verdict == "skipped":
        return "skipped"
    return f"⚠️ {outcome.note}"


def matrix(results: dict[str, dict], bugs: dict, header: str) -> str:
    """The matrix as Markdown: `results` by run name, `bugs` (each with `.skipped`) by name."""
    lines = [header, "", "| bug | build | " + " | ".join(LAYERS) + " |",
             "|---|---|" + "---|" * len(LAYERS)]
    for name, result in results.items():
        build = f"{result['build_seconds']:.0f} s" if result["built"] else "⚠️ does not build"
        cells = [cell(Outcome(**result["layers"][layer])) if layer in result["layers"] else ""
                 for layer in LAYERS]
        lines.append(f"| `{name}` | {build} | " + " | ".join(cells) + " |")
    lines.append("")
    caught = {layer: sum(r["layers"].get(layer, {}).get("verdict") == "caught" for n, r in results.items()
                         if n != "control") for layer in LAYERS}
    ran = {layer: sum(r["layers"].get(layer, {}).get("verdict") in ("caught", "missed")
                      for n, r in results.items() if n != "control") for layer in LAYERS}
    lines.append("Caught per layer: " + ", ".join(f"{layer} {caught[layer]} of {ran[layer]} run"
                                                   for layer in LAYERS) + ".")
    uncaught = [name for name, r in results.items() if name != "control" and r["built"]
                and not any(o.get("verdict") == "caught" for o in r["layers"].values())]
    lines.append("Caught by no layer: " + (", ".join(f"`{n}`" for n in uncaught) or "none") + ".")
    skipped = [(name, layer, bug.skipped[layer]) for name, bug in bugs.items() if name in results
               for layer in LAYERS if layer in bug.skipped]
    if skipped:
        lines += ["", "Skipped, and why (from each bug's file):", ""]
        lines += [f"- `{name}`, {layer}: {reason}" for name, layer, reason in skipped]
    return "\n".join(lines) + "\n"
