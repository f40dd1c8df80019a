"""What `make bench` concludes from its measures, and bench/results.md, which says it.

Pure functions: bench/run.py measures, these compare and write (tests/test_bench_report.py).
"""

import statistics
from dataclasses import dataclass

NOT_MEASURED = "not measured"
ANCHORS_MISSING = "not measured (anchors missing)"

# Pages of the archive that issue 19 holds to 3x the minimal Django view, cold.
LIST_PAGES = ["home", "section", "tag", "author", "source", "rss", "atom"]
SEARCHES = ["search-one", "search-half", "search-phrase"]


@dataclass
class Measure:
    """Instructions per request of one page in one mode (or why there is no figure)."""

    key: str
    label: str
    instructions: int | None = None
    page_bytes: int | None = None
    error: str = ""


@dataclass
class Target:
    description: str
    measured: str
    met: bool | None  # None: not measured


def millions(instructions):
    return f"{instructions / 1e6:.1f} M"


def ratio(value, base):
    """value / base, or None when either is missing."""
    if value is None or not base:
        return None
    return value / base


def verdict(met):
    if met is None:
        return NOT_MEASURED
    return "met" if met else "**not met**"


def figure(measure):
    """A measure's instructions as text, or what stopped it."""
    if measure is None:
        return NOT_MEASURED
    if measure.instructions is None:
        return measure.error or NOT_MEASURED
    return millions(measure.instructions)


def at_most(description, measure, base, limit, base_name):
    """A target that `measure` costs at most `limit` times `base` (another Measure)."""
    if measure is None or measure.instructions is None:
        return Target(description, figure(measure), None)
    if base is None or base.instructions is None:
        missing = base.error if base is not None and base.error else NOT_MEASURED
        return Target(description, f"{figure(measure)}; {base_name}: {missing}", None)
    times = ratio(measure.instructions, base.instructions)
    return Target(
        description,
        f"{figure(measure)} = {times:.2f}× {base_name} ({figure(base)})",
        times <= limit,
    )


def instruction_targets(measures, anchors):
    """Issue 19's targets in instructions per request, from Measures by key."""
    django = anchors.get("django")
    django_cache = anchors.get("django-cache")
    targets = [
        at_most(
            f"Cold article ({where}) ≤ 2× the minimal Django view",
            measures.get(f"{where}-article"),
            django,
            2.0,
            "minimal Django",
        )
        for where in ("seed", "archive")
    ]
    targets.append(
        at_most(
            "Cold article on the archive ≤ 1.3× on the seed site",
            measures.get("archive-article"),
            measures.get("seed-article"),
            1.3,
            "seed site",
        )
    )
    for key in LIST_PAGES:
        measure = measures.get(key)
        label = measure.label if measure else key
        targets.append(
            at_most(f"{label} ≤ 3× the minimal Django view", measure, django, 3.0, "minimal Django")
        )
    targets.append(
        at_most(
            "Page-cache hit (Redis) ≤ 1.0× Django's per-view cache hit",
            measures.get("page-cache-hit"),
            django_cache,
            1.0,
            "Django per-view cache hit",
        )
    )
    for key in SEARCHES:
        measure = measures.get(key)
        label = measure.label if measure else key
        targets.append(
            at_most(f"{label} ≤ 3× the minimal Django view", measure, django, 3.0, "minimal Django")
        )
    return targets


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def at_least_rps(description, rounds, name, base_name, limit, missing=NOT_MEASURED):
    """A target that `name`'s median requests/s is at least `limit` times `base_name`'s;
    `missing` says why, when either was not measured."""
    ours = median([row["requests_per_second"] for row in rounds.get(name, [])])
    theirs = median([row["requests_per_second"] for row in rounds.get(base_name, [])])
    if ours is None or theirs is None:
        return Target(description, f"{name if ours is None else base_name}: {missing}", None)
    times = ours / theirs
    return Target(
        description,
        f"{ours:,.0f} vs {theirs:,.0f} req/s = {times:.2f}× (medians of {len(rounds[name])})",
        times >= limit,
    )


def markdown_table(header, rows, align=None):
    align = align or ["---"] * len(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def instructions_table(rows, anchors):
    """Lines of the instructions-per-request table: each Measure beside the anchors."""
    django = anchors.get("django")
    wagtail = anchors.get("wagtail")
    cells = []
    for measure in rows:
        cells.append(
            [
                measure.label,
                figure(measure),
                times_text(measure, django),
                times_text(measure, wagtail),
                measure.page_bytes if measure.page_bytes is not None else "",
            ]
        )
    return markdown_table(
        ["page, mode", "instructions / request", "× minimal Django", "× Wagtail", "bytes"],
        cells,
        ["---", "---:", "---:", "---:", "---:"],
    )


def times_text(measure, base):
    if measure is None or base is None:
        return ""
    times = ratio(measure.instructions, base.instructions)
    return "" if times is None else f"{times:.2f}×"


def targets_table(targets):
    return markdown_table(
        ["target", "measured", "result"],
        [[target.description, target.measured, verdict(target.met)] for target in targets],
    )


def wrk_table(rounds, order):
    """Lines of the side-by-side table: median and every round of each wrk target."""
    cells = []
    for name, label in order:
        runs = rounds.get(name, [])
        if not runs:
            cells.append([label, NOT_MEASURED, "", "", "", ""])
            continue
        cells.append(
            [
                label,
                f"{median([run['requests_per_second'] for run in runs]):,.0f}",
                f"{median([run['p50_ms'] for run in runs]):.1f}",
                f"{median([run['p99_ms'] for run in runs]):.1f}",
                ", ".join(f"{run['requests_per_second']:,.0f}" for run in runs),
                sum(run["errors"] for run in runs),
            ]
        )
    return markdown_table(
        ["target", "req/s (median)", "p50 ms", "p99 ms", "req/s each round", "failed"],
        cells,
        ["---", "---:", "---:", "---:", "---", "---:"],
    )


def kept_analysis(text):
    """The hand-written part of earlier results ("## Analysis" onwards), kept across runs."""
    return text[text.index("## Analysis") :] if "## Analysis" in text else ""


def code_block(text):
    return ["```", text.rstrip(), "```", ""]
