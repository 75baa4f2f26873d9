"""`takt solve` and `takt generate` driven as a user runs them: real binary, real files."""
import json
import subprocess
from pathlib import Path

BENCH = Path("/work/shared/bench")

PROBLEM = {
    "name": "two jobs",
    "calendars": [{"id": "DAY", "working": [[0, 480], [1440, 1920]]}],
    "skills": ["CNC"],
    "machines": [{"id": "M1", "calendar": "DAY"}, {"id": "M2"}],
    "operators": [{"id": "ANNA", "skills": [{"skill": "CNC", "level": 2}]}],
    "jobs": [
        {"id": "J1", "due": 300, "priority": "URGENT", "operations": [
            {"id": "J1-10", "modes": [{"machine": "M1", "setup": 10, "run": 100,
                                       "operators": [{"skill": "CNC"}]}]},
            {"id": "J1-20", "modes": [{"machine": "M2", "run": 50}]}]},
        {"id": "J2", "due": 900, "operations": [
            {"id": "J2-10", "modes": [{"machine": "M1", "run": 400}]}]},
    ],
}


def run(binary, *args):
    return subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def test_solve_json_writes_solution_and_gantt(takt_binary, tmp_path):
    problem = tmp_path / "problem.json"
    problem.write_text(json.dumps(PROBLEM))
    out, svg = tmp_path / "solution.json", tmp_path / "gantt.svg"
    result = run(takt_binary, "solve", problem, "--objective", "due_dates", "--work-limit", 20000,
                 "--out", out, "--svg", svg)
    assert result.returncode == 0, result.stderr
    assert "status    " in result.stdout and "objective" in result.stdout
    solution = json.loads(out.read_text())
    assert solution["status"] in ("OPTIMAL", "FEASIBLE")
    starts = {a["operation"]: a for a in solution["assignments"]}
    assert starts["J1-10"]["setup_start"] == 0 and starts["J1-10"]["end"] == 110
    assert starts["J1-10"]["operators"] == ["ANNA"]
    # J2-10 needs 400 uninterrupted minutes: it fits after J1-10 in the first 480-minute shift
    # only if it starts by minute 80, so it goes to the second day.
    assert starts["J2-10"]["setup_start"] == 1440
    assert starts["J1-20"]["setup_start"] >= 110
    text = svg.read_text()
    assert text.startswith("<svg") and "J2-10" in text and "M1" in text


def test_solve_is_deterministic_with_a_work_limit(takt_binary, tmp_path):
    problem = tmp_path / "generated.json"
    gen = run(takt_binary, "generate", "--jobs", 30, "--machines", 6, "--machines-per-center", 2,
              "--operators", 5, "--calendars", "--setups", "--seed", 4, "--out", problem)
    assert gen.returncode == 0, gen.stderr
    outs = []
    for i in range(2):
        out = tmp_path / f"s{i}.json"
        result = run(takt_binary, "solve", problem, "--objective", "balanced",
                     "--work-limit", 200000, "--seed", 9, "--out", out)
        assert result.returncode == 0, result.stderr
        outs.append(json.loads(out.read_text())["assignments"])
    assert outs[0] == outs[1]


def test_solve_jssp_benchmark_reaches_a_valid_makespan(takt_binary, tmp_path):
    out = tmp_path / "ft06.json"
    instance = BENCH / "jssp" / "ft06.txt"
    if not instance.exists():
        instance = sorted((BENCH / "jssp").glob("*.txt"))[0]
    result = run(takt_binary, "solve", instance, "--work-limit", 200000, "--out", out)
    assert result.returncode == 0, result.stderr
    solution = json.loads(out.read_text())
    assert solution["kpis"]["makespan"] >= solution["bound"] > 0


def test_invalid_problem_reports_every_defect_and_exits_2(takt_binary, tmp_path):
    bad = dict(PROBLEM)
    bad["jobs"] = [{"id": "J1", "release": 500, "due": 100, "operations": [
        {"id": "A", "modes": [{"machine": "M1", "run": 600}]}]}]
    problem = tmp_path / "bad.json"
    problem.write_text(json.dumps(bad))
    result = run(takt_binary, "solve", problem)
    assert result.returncode == 2
    assert "MODEL_INVALID" in result.stdout
    assert "jobs[J1].due: job J1 is due (minute 100) before it is released (minute 500)" \
        in result.stdout
    assert "longest working window of machine M1 is 480 min" in result.stdout
    problem.write_text('{"jobs": [{"id": "J1", "operations": [{"id": "A", "modes": '
                       '[{"machine": "NOPE", "run": 5}]}]}]}')
    result = run(takt_binary, "solve", problem)
    assert result.returncode == 2
    assert "jobs[0].operations[0].modes[0].machine: unknown machine 'NOPE'" in result.stderr
