"""Recovering from a run that was killed (SIGKILL, OOM killer, power loss).

A killed run cannot say that it ended: Dagster keeps it as STARTED, and the concurrency-pool slot it
held (pool duckdb_build, size 1) stays claimed, so every later run would wait for it forever. The
daemon's run monitoring does not notice a dead run worker with the default run launcher. Every run
therefore tags itself with the identity of its process (host, pid, start time); before a run starts
(`python -m pipeline.run`) and every minute in the daemon (sensor `recover_killed_runs`), runs whose
process is gone are marked failed and their slots freed. The files need no recovery (see
docs/operations.md, "Crash safety")."""

import dagster as dg

from pipeline.process_identity import process_identity, process_is_gone

PROCESS_TAG = "journey/process"
IN_FLIGHT = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]


_tagged: set[str] = set()  # runs this process has tagged (a step's run object may predate the tag)


def tag_run_with_process(context) -> None:
    """Record the run worker's process on the run, once (every step of a run runs in that process)."""
    if context.run.run_id in _tagged:
        return
    if context.run.tags.get(PROCESS_TAG) is None:
        context.instance.add_run_tags(context.run.run_id, {PROCESS_TAG: process_identity()})
    _tagged.add(context.run.run_id)


def recover_killed_runs(instance: dg.DagsterInstance, log=None) -> list[str]:
    """Mark runs failed whose process has ended without saying so, and free their pool slots."""
    recovered = []
    for record in instance.get_run_records(filters=dg.RunsFilter(statuses=IN_FLIGHT)):
        run = record.dagster_run
        identity = run.tags.get(PROCESS_TAG)
        if not identity or not process_is_gone(identity):
            continue
        message = f"the run's process ({identity}) ended without finishing the run: killed or crashed"
        instance.report_run_failed(run, message)
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        recovered.append(run.run_id)
        if log is not None:
            log.warning(f"run {run.run_id}: {message}; marked failed, its concurrency slots freed")
    return recovered


@dg.sensor(
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Marks runs failed whose process was killed (SIGKILL, OOM, reboot) and frees the DuckDB "
    "pool slot they held, so the next night is not stuck behind a dead run.",
)
def recover_killed_runs_sensor(context: dg.SensorEvaluationContext):
    recovered = recover_killed_runs(context.instance, context.log)
    return dg.SkipReason(f"recovered {len(recovered)} killed runs" if recovered else "no killed runs")
