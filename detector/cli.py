"""`ppd`: the command line. Thin: parse arguments, build Settings once, call the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from pydantic import ValidationError

from detector import cluster_cli, service_cli
from detector.logging_setup import configure_logging
from detector.settings import Settings


def _settings(**overrides) -> Settings:
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:  # pydantic's message names the field and the rule
        raise click.UsageError(f"invalid settings: {exc}") from None


def _open_input(path: str):
    if path == "-":
        return sys.stdin
    p = Path(path)
    if not p.is_file():
        raise click.BadParameter(f"{path}: no such file", param_hint="--input")
    try:
        return p.open(encoding="utf-8", newline="\n")
    except OSError as exc:
        raise click.BadParameter(f"{path}: {exc.strerror}", param_hint="--input") from None


def _open_output(path: str):
    if path == "-":
        return sys.stdout
    p = Path(path)
    if p.parent and not p.parent.exists():
        raise click.BadParameter(f"{path}: directory {p.parent} does not exist", param_hint="--output")
    try:
        return p.open("w", encoding="utf-8")
    except OSError as exc:
        raise click.BadParameter(f"{path}: {exc.strerror}", param_hint="--output") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--log-level", default="WARNING", show_default=True, help="Structured logs (JSON) on stderr.")
def main(log_level: str) -> None:
    """Parallel-proceedings detector: Art. 22(5) consultation alerts from case notifications."""
    configure_logging(log_level)


@main.command()
@click.option("--input", "input_path", required=True, help="JSON Lines notifications, or - for stdin.")
@click.option("--output", "output_path", required=True, help="Where to write the final alerts (JSON Lines), or -.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), help="Persistent store (default: a fresh temporary one).")
@click.option("--dead-letter", "dead_letter_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where rejected lines go (default: DATA_DIR/dead-letter.jsonl, else ./dead-letter.jsonl).")
def run(input_path: str, output_path: str, data_dir: Path | None, dead_letter_path: Path | None) -> None:
    """Process notifications in order, then write every alert's final state."""
    from detector.ingest import DeadLetterFile
    from detector.progress import progress_lines
    from detector.runner import run_file

    settings = _settings(data_dir=data_dir)
    source = _open_input(input_path)
    out = _open_output(output_path)
    dl_path = dead_letter_path or ((data_dir / "dead-letter.jsonl") if data_dir else Path("dead-letter.jsonl"))
    dead_letter = DeadLetterFile(dl_path)
    try:
        stats, written = run_file(progress_lines(source, "notifications"), settings, dead_letter, out)
    finally:
        dead_letter.close()
        if out is not sys.stdout:
            out.close()
    o = stats.outcomes
    click.echo(
        f"processed {stats.processed} notifications (applied {o['applied']}, duplicate {o['duplicate']}, "
        f"stale {o['stale']}); invalid {stats.invalid}"
        + (f" -> {dl_path}" if stats.invalid else "")
        + f"; alerts {written}", err=True)


@main.command()
@click.option("--operations", type=click.IntRange(min=1), required=True, help="Messages on the stream.")
@click.option("--seed", type=int, required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
def simulate(operations: int, seed: int, out_dir: Path) -> None:
    """Synthetic multi-state traffic (notifications.jsonl) and its ground truth (truth.jsonl)."""
    from detector.simulate import write_traffic

    summary = write_traffic(out_dir, operations, seed)
    click.echo(json.dumps(summary, sort_keys=True), err=True)


@main.command()
@click.option("--alerts", "alerts_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--truth", "truth_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def evaluate(alerts_path: str, truth_path: str, as_json: bool) -> None:
    """Precision, recall and F1 over cross-state case pairs."""
    from detector.evaluate import evaluate as run_evaluation

    with open(alerts_path, encoding="utf-8") as a, open(truth_path, encoding="utf-8") as t:
        try:
            result, _ = run_evaluation(a, t)
        except (ValueError, KeyError) as exc:
            raise click.ClickException(f"cannot evaluate: {exc}") from None
    if as_json:
        click.echo(json.dumps(result.as_dict(), sort_keys=True))
        return
    r = result
    click.echo(f"true cross-state pairs   {r.true_pairs}")
    click.echo(f"alert-band pairs         {r.alert_pairs} ({r.true_positives} true)")
    click.echo(f"review-band pairs        {r.review_pairs} ({r.review_true} true)")
    click.echo(f"precision                {r.precision:.4f}")
    click.echo(f"recall                   {r.recall:.4f}")
    click.echo(f"F1                       {r.f1:.4f}")
    click.echo(f"recall counting review   {r.recall_with_review:.4f}")


@main.command()
@click.option("--operations", type=click.IntRange(min=10), default=1500, show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), help="Keep the store here.")
@click.option("--show", type=int, default=5, show_default=True, help="How many alerts to print in full.")
def demo(operations: int, seed: int, data_dir: Path | None, show: int) -> None:
    """Simulate a day of traffic, detect overlaps, show them with their reasons."""
    from detector.demo import run_demo

    run_demo(_settings(data_dir=data_dir), operations, seed, show)


@main.command()
@click.argument("alert_id")
@click.option("--data-dir", type=click.Path(file_okay=False, exists=True, path_type=Path), required=True)
def explain(alert_id: str, data_dir: Path) -> None:
    """The per-feature waterfall of one alert: what matched, how strongly, what argued against."""
    from detector.explain import explain_alert

    settings = _settings(data_dir=data_dir)
    try:
        click.echo(explain_alert(settings, alert_id))
    except LookupError as exc:
        raise click.ClickException(str(exc)) from None


# Cluster mode (Kafka, faust workers, the shared store): detector/cluster_cli.py
main.add_command(cluster_cli.topics)
main.add_command(cluster_cli.submit)
main.add_command(cluster_cli.worker)
main.add_command(cluster_cli.alerts)

# People and the API: detector/service_cli.py
main.add_command(service_cli.users)
main.add_command(service_cli.serve)
main.add_command(service_cli.audit)

if __name__ == "__main__":
    main()
