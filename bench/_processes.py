"""Processes for the benchmarks: a fresh PostgreSQL database, the queue filled and worked
by ``zolicht worker`` processes (``_worker.py``), and the CPU time a process used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

BENCH = Path(__file__).resolve().parent


def fresh_database(server: str, name: str) -> str:
    """Drop and create database ``name``; its SQLAlchemy URL."""
    with psycopg.connect(f"postgresql://{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://{server}/{name}"


def vacuum_queue(database_url: str) -> None:
    """``VACUUM ANALYZE jobs``, as PostgreSQL's autovacuum would after ``apply --all
    --queue`` (this machine's server has it off): without it the queue's dead rows from
    earlier rounds and its statistics from when it was empty slow every claim. Also drops
    the workers' shared reads of an earlier round, so that every round reads Nextcloud."""
    conninfo = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE jobs")
        conn.execute("DELETE FROM shared_reads")


def queue_all(env: dict[str, str]) -> float:
    """``zolicht apply --all --queue``; the seconds it took."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "zolicht.cli", "apply", "--all", "--queue"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def work(env: dict[str, str], workers: int) -> tuple[float, list[dict[str, float]]]:
    """Start ``workers`` workers at once and wait for all; (wall seconds, their figures)."""
    started = time.perf_counter()
    running = [subprocess.Popen([sys.executable, str(BENCH / "_worker.py")], env=env,
                                stdout=subprocess.PIPE, text=True) for _ in range(workers)]
    outputs = [p.communicate()[0] for p in running]
    seconds = time.perf_counter() - started
    if any(p.returncode for p in running):
        raise SystemExit("a worker failed")
    return seconds, [json.loads(out.strip().splitlines()[-1]) for out in outputs]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")



def cpu_tree_seconds(pid: int) -> float:
    """``cpu_seconds`` of a process and of its living children (uvicorn's workers)."""
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(c) for c in (task / "children").read_text().split()]
    return cpu_seconds(pid) + sum(cpu_seconds(c) for c in children)
