"""The benchmark's figures as printed tables and as a JSON document."""

import time

from registry.perf.benchmark.csv_export import TIMED


def format_ms(value, width):
    return f"{value:>{width}.1f}"


def format_rate(value):
    return f"{value:>8.0f}"


def format_ratio(ours, other, width):
    if not other:
        return f"{'—':>{width}}"
    return f"{ours / other:>{width}.2f}"


def format_scenarios_table(scenarios):
    """The lines of the table of questions: ours, Datasette, floor and ratios."""
    header = (
        f"{'question':<34} {'ours p50':>9} {'p95':>8} {'req/s':>8} "
        f"{'Datasette p50':>14} {'p95':>8} {'req/s':>8} {'floor p50':>10} "
        f"{'ours/DS':>8} {'ours/floor':>10}"
    )
    lines = ["", header, "-" * len(header)]
    for scenario in scenarios:
        ours, ds, floor = (
            scenario.results.get(key) for key in ("ours", "datasette", "floor")
        )
        cells = [
            f"{scenario.name:<34}",
            format_ms(ours.p50, 9),
            format_ms(ours.p95, 8),
            format_rate(ours.rps),
        ]
        cells += (
            [format_ms(ds.p50, 14), format_ms(ds.p95, 8), format_rate(ds.rps)]
            if ds
            else [f"{'—':>14}", f"{'—':>8}", f"{'—':>8}"]
        )
        cells.append(format_ms(floor.p50, 10) if floor else f"{'—':>10}")
        cells.append(format_ratio(ours.p50, ds.p50 if ds else None, 8))
        cells.append(format_ratio(ours.p50, floor.p50 if floor else None, 10))
        lines.append(" ".join(cells))
        errors = ours.errors + (ds.errors if ds else 0)
        if errors:
            lines.append(f"{'':<34} ! {errors} error responses during the run")
    lines += [
        "(latencies in ms; ratios compare p50; floor = the SQL that answers the",
        " question from the data (a search's lookups included), run directly and",
        " serialised to JSON in one process: no HTTP, no cache;",
        " a page, a detail or an export asked again is served as its first request",
        " made it: its first request after a publication is timed below)",
    ]
    return lines


def format_csv_report(csv):
    """The lines reporting the CSV exports (none when there was nothing to export)."""
    if not csv:
        return []
    lines = [
        "",
        "CSV export of damage events (streamed as it is made): the fastest of "
        f"{TIMED} exports,",
        "each made afresh; then the same export again (served from the file the "
        "first one made):",
    ]
    for label in ("small", "full"):
        run = csv[label]
        growth = (
            f"{run['peak_growth_mib']:.1f} MiB"
            if run["peak_growth_mib"] is not None
            else "not measurable here"
        )
        if run["status"] != 200:
            lines.append(f"  ours, {label}: failed (status {run['status']})")
            continue
        lines.append(
            f"  ours, {run['rows']:>8,} rows: {run['seconds']:.2f} s "
            f"({run['rows_per_s']:,.0f} rows/s), worker peak memory growth "
            f"{growth}"
        )
        again = csv.get(f"{label}_again")
        if again and again["status"] == 200:
            lines.append(
                f"    again, {again['rows']:>6,} rows: {again['seconds']:.2f} s "
                f"({again['rows_per_s']:,.0f} rows/s)"
            )
    if "datasette" in csv:
        run = csv["datasette"]
        rate = run["rows"] / max(run["seconds"], 1e-9)
        made = csv["full"]["rows_per_s"]
        again = csv.get("full_again", {}).get("rows_per_s", 0)
        lines.append(
            f"  Datasette, {run['rows']:>8,} rows: {run['seconds']:.2f} s "
            f"({rate:,.0f} rows/s; time per row, ours/DS: made "
            f"{rate / max(made, 1e-9):.2f}, again {rate / max(again, 1e-9):.2f})"
        )
    return lines


def build_figures_document(database, counts, scenarios, csv):
    """Everything measured, for ``bench --json``."""
    return {
        "database": database,
        "counts": counts,
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "questions": {
            scenario.name: {
                key: figures.as_dict() for key, figures in scenario.results.items()
            }
            for scenario in scenarios
        },
        "csv": csv,
    }
