#include "storage/sqlite/sqlite_schedule_store.hpp"

#include <algorithm>
#include <string>

#include "storage/sqlite/sqlite_transaction.hpp"

namespace takt::storage::sqlite {
namespace {

constexpr const char* kSelectSchedule =
    "SELECT s.id, s.name, s.horizon_start, s.horizon_end, s.job_ids, s.objective, s.status, "
    "s.revision, s.parent_id, s.fallback, s.makespan_minutes, s.total_tardiness_minutes, "
    "s.max_tardiness_minutes, s.late_jobs, s.total_setup_minutes, s.weighted_tardiness, "
    "s.violations, s.last_run_id, s.created_by, s.version, s.created_at, s.updated_at, "
    "(SELECT count(*) FROM schedule_assignments a WHERE a.schedule_id = s.id) "
    "FROM schedules s";

constexpr const char* kSelectRun =
    "SELECT id, schedule_id, state, outcome, strategy, seed, time_limit_s, engine_version, "
    "input_hash, progress, objective, bound, gap, makespan_minutes, total_tardiness_minutes, "
    "max_tardiness_minutes, late_jobs, total_setup_minutes, weighted_tardiness, improvements, "
    "solve_time_s, message, created_by, created_at, started_at, finished_at FROM optimization_runs";

// Field and record separators of the compact list encodings (ASCII unit/record separators never
// appear in planner text; any that do are replaced by spaces when written).
constexpr char kUnit = '\x1f';
constexpr char kRecord = '\x1e';

std::string Clean(std::string text) {
  std::replace(text.begin(), text.end(), kUnit, ' ');
  std::replace(text.begin(), text.end(), kRecord, ' ');
  return text;
}

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  if (text.empty()) return parts;
  std::size_t start = 0;
  while (true) {
    std::size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + 1;
  }
  return parts;
}

template <typename Id>
std::string JoinIds(const std::vector<Id>& ids) {
  std::string out;
  for (const Id& id : ids) {
    if (!out.empty()) out += ",";
    out += id.ToString();
  }
  return out;
}

template <typename Id>
std::vector<Id> ParseIds(const std::string& text) {
  std::vector<Id> ids;
  for (const std::string& part : Split(text, ',')) {
    if (!part.empty()) ids.emplace_back(std::stoll(part));
  }
  return ids;
}

std::string EncodeViolations(const std::vector<ScheduleViolation>& violations) {
  std::string out;
  for (const auto& v : violations) {
    if (!out.empty()) out += kRecord;
    out += (v.hard ? "H" : "S");
    out += kUnit + Clean(v.rule) + kUnit + Clean(v.message);
  }
  return out;
}

std::vector<ScheduleViolation> DecodeViolations(const std::string& text) {
  std::vector<ScheduleViolation> out;
  for (const std::string& record : Split(text, kRecord)) {
    auto fields = Split(record, kUnit);
    if (fields.size() != 3) continue;
    out.push_back({fields[1], fields[2], fields[0] == "H"});
  }
  return out;
}

Instant FromSeconds(std::int64_t s) { return Instant{std::chrono::seconds(s)}; }
std::int64_t Seconds(Instant at) { return at.time_since_epoch().count(); }

std::optional<Instant> OptionalInstant(const Statement& s, int column) {
  auto text = s.OptionalText(column);
  if (!text) return std::nullopt;
  return ParseInstant(*text);
}

std::optional<std::string> InstantText(std::optional<Instant> at) {
  if (!at) return std::nullopt;
  return FormatInstant(*at);
}

Schedule ReadSchedule(const Statement& s) {
  Schedule out;
  out.id = ScheduleId{s.Int(0)};
  out.name = s.Text(1);
  out.horizon_start = ParseInstant(s.Text(2)).value_or(Instant{});
  out.horizon_end = OptionalInstant(s, 3);
  out.job_ids = ParseIds<JobId>(s.Text(4));
  out.objective = s.Text(5);
  out.status = ParseScheduleStatus(s.Text(6)).value_or(ScheduleStatus::kDraft);
  out.revision = s.Int(7);
  out.parent_id = ScheduleId{s.OptionalInt(8).value_or(0)};
  out.fallback = s.Int(9) != 0;
  out.kpis.makespan_minutes = s.Int(10);
  out.kpis.total_tardiness_minutes = s.Int(11);
  out.kpis.max_tardiness_minutes = s.Int(12);
  out.kpis.late_jobs = static_cast<int>(s.Int(13));
  out.kpis.total_setup_minutes = s.Int(14);
  out.kpis.weighted_tardiness = s.Double(15);
  out.violations = DecodeViolations(s.Text(16));
  out.last_run_id = OptimizationRunId{s.OptionalInt(17).value_or(0)};
  out.created_by = s.Text(18);
  out.version = s.Int(19);
  out.created_at = ParseInstant(s.Text(20)).value_or(Instant{});
  out.updated_at = ParseInstant(s.Text(21)).value_or(Instant{});
  out.assignment_count = s.Int(22);
  return out;
}

OptimizationRun ReadRun(const Statement& s) {
  OptimizationRun run;
  run.id = OptimizationRunId{s.Int(0)};
  run.schedule_id = ScheduleId{s.Int(1)};
  run.state = ParseRunState(s.Text(2)).value_or(RunState::kFailed);
  run.outcome = ParseRunOutcome(s.Text(3)).value_or(RunOutcome::kNone);
  run.strategy = s.Text(4);
  run.seed = static_cast<std::uint64_t>(s.Int(5));
  run.time_limit_s = s.Double(6);
  run.engine_version = s.Text(7);
  run.input_hash = s.Text(8);
  run.progress = s.Double(9);
  if (!s.IsNull(10)) run.objective = s.Double(10);
  if (!s.IsNull(11)) run.bound = s.Double(11);
  if (!s.IsNull(12)) run.gap = s.Double(12);
  run.incumbent.makespan_minutes = s.Int(13);
  run.incumbent.total_tardiness_minutes = s.Int(14);
  run.incumbent.max_tardiness_minutes = s.Int(15);
  run.incumbent.late_jobs = static_cast<int>(s.Int(16));
  run.incumbent.total_setup_minutes = s.Int(17);
  run.incumbent.weighted_tardiness = s.Double(18);
  run.improvements = static_cast<int>(s.Int(19));
  run.solve_time_s = s.Double(20);
  run.message = s.Text(21);
  run.created_by = s.Text(22);
  run.created_at = ParseInstant(s.Text(23)).value_or(Instant{});
  run.started_at = OptionalInstant(s, 24);
  run.finished_at = OptionalInstant(s, 25);
  return run;
}

Result<void> InsertAssignments(Connection& db, ScheduleId id,
                               const std::vector<ScheduleAssignment>& assignments) {
  // One cached statement, borrowed per row (returning it resets it and clears its bindings).
  for (const auto& a : assignments) {
    auto stmt = db.Prepare(
        "INSERT INTO schedule_assignments (schedule_id, task_id, job_id, mode_index, machine_id, "
        "operator_ids, setup_start, start, end, setup_minutes, pinned) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, id.value()).Bind(2, a.task_id.value()).Bind(3, a.job_id.value());
    stmt->Bind(4, a.mode_index).Bind(5, a.machine_id.value()).Bind(6, JoinIds(a.operator_ids));
    stmt->Bind(7, Seconds(a.setup_start)).Bind(8, Seconds(a.start)).Bind(9, Seconds(a.end));
    stmt->Bind(10, a.setup_minutes).Bind(11, a.pinned);
    if (auto ok = stmt->Run(); !ok) return ok;
  }
  return {};
}

Result<std::vector<ScheduleAssignment>> LoadAssignments(Connection& db, ScheduleId id) {
  auto stmt = db.Prepare(
      "SELECT task_id, job_id, mode_index, machine_id, operator_ids, setup_start, start, end, "
      "setup_minutes, pinned FROM schedule_assignments WHERE schedule_id = ? ORDER BY task_id");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, id.value());
  std::vector<ScheduleAssignment> out;
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    ScheduleAssignment a;
    a.task_id = TaskId{stmt->Int(0)};
    a.job_id = JobId{stmt->Int(1)};
    a.mode_index = static_cast<int>(stmt->Int(2));
    a.machine_id = MachineId{stmt->Int(3)};
    a.operator_ids = ParseIds<OperatorId>(stmt->Text(4));
    a.setup_start = FromSeconds(stmt->Int(5));
    a.start = FromSeconds(stmt->Int(6));
    a.end = FromSeconds(stmt->Int(7));
    a.setup_minutes = stmt->Int(8);
    a.pinned = stmt->Int(9) != 0;
    out.push_back(std::move(a));
  }
  return out;
}

// Binds the header columns shared by INSERT and UPDATE at positions 1..18.
void BindHeader(Statement& stmt, const Schedule& s) {
  stmt.Bind(1, s.name).Bind(2, FormatInstant(s.horizon_start)).Bind(3, InstantText(s.horizon_end));
  stmt.Bind(4, JoinIds(s.job_ids)).Bind(5, s.objective).Bind(6, ScheduleStatusName(s.status));
  stmt.Bind(7, s.revision);
  if (s.parent_id.valid()) {
    stmt.Bind(8, s.parent_id.value());
  } else {
    stmt.BindNull(8);
  }
  stmt.Bind(9, s.fallback).Bind(10, s.kpis.makespan_minutes);
  stmt.Bind(11, s.kpis.total_tardiness_minutes).Bind(12, s.kpis.max_tardiness_minutes);
  stmt.Bind(13, s.kpis.late_jobs).Bind(14, s.kpis.total_setup_minutes);
  stmt.Bind(15, s.kpis.weighted_tardiness).Bind(16, EncodeViolations(s.violations));
  if (s.last_run_id.valid()) {
    stmt.Bind(17, s.last_run_id.value());
  } else {
    stmt.BindNull(17);
  }
}

}  // namespace

Result<Schedule> SqliteScheduleStore::Insert(Transaction& tx, const Schedule& schedule) {
  Connection& db = ConnectionOf(tx);
  const std::string now = FormatInstant(InstantNow());
  auto stmt = db.Prepare(
      "INSERT INTO schedules (name, horizon_start, horizon_end, job_ids, objective, status, "
      "revision, parent_id, fallback, makespan_minutes, total_tardiness_minutes, "
      "max_tardiness_minutes, late_jobs, total_setup_minutes, weighted_tardiness, violations, "
      "last_run_id, created_by, version, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
  if (!stmt) return Fail(stmt.error());
  BindHeader(*stmt, schedule);
  stmt->Bind(18, schedule.created_by).Bind(19, now).Bind(20, now);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  const ScheduleId id{db.LastInsertId()};
  if (auto ok = InsertAssignments(db, id, schedule.assignments); !ok) return Fail(ok.error());
  return Get(tx, id);
}

Result<Schedule> SqliteScheduleStore::GetHeader(Transaction& tx, ScheduleId id) {
  auto stmt = ConnectionOf(tx).Prepare(std::string(kSelectSchedule) + " WHERE s.id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, id.value());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(Error::NotFound("schedule " + id.ToString() + " does not exist"));
  return ReadSchedule(*stmt);
}

Result<Schedule> SqliteScheduleStore::Get(Transaction& tx, ScheduleId id) {
  auto header = GetHeader(tx, id);
  if (!header) return header;
  Schedule schedule = std::move(*header);
  auto assignments = LoadAssignments(ConnectionOf(tx), id);
  if (!assignments) return Fail(assignments.error());
  schedule.assignments = std::move(*assignments);
  return schedule;
}

Result<SchedulePage> SqliteScheduleStore::List(Transaction& tx, const ScheduleFilter& filter) {
  Connection& db = ConnectionOf(tx);
  std::string where;
  for (std::size_t i = 0; i < filter.statuses.size(); ++i) {
    where += (i == 0 ? " WHERE s.status IN (?" : ", ?");
  }
  if (!filter.statuses.empty()) where += ")";
  SchedulePage page;
  {
    auto count = db.Prepare("SELECT count(*) FROM schedules s" + where);
    if (!count) return Fail(count.error());
    for (std::size_t i = 0; i < filter.statuses.size(); ++i) {
      count->Bind(static_cast<int>(i + 1), ScheduleStatusName(filter.statuses[i]));
    }
    auto row = count->Step();
    if (!row) return Fail(row.error());
    page.total = count->Int(0);
  }
  auto stmt =
      db.Prepare(std::string(kSelectSchedule) + where + " ORDER BY s.id DESC LIMIT ? OFFSET ?");
  if (!stmt) return Fail(stmt.error());
  int index = 1;
  for (ScheduleStatus status : filter.statuses) stmt->Bind(index++, ScheduleStatusName(status));
  stmt->Bind(index, filter.limit);
  stmt->Bind(index + 1, filter.offset);
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    page.items.push_back(ReadSchedule(*stmt));
  }
  return page;
}

Result<Schedule> SqliteScheduleStore::Update(Transaction& tx, const Schedule& schedule,
                                             std::int64_t expected_version,
                                             bool replace_assignments) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "UPDATE schedules SET name = ?, horizon_start = ?, horizon_end = ?, job_ids = ?, "
      "objective = ?, status = ?, revision = ?, parent_id = ?, fallback = ?, "
      "makespan_minutes = ?, total_tardiness_minutes = ?, max_tardiness_minutes = ?, "
      "late_jobs = ?, total_setup_minutes = ?, weighted_tardiness = ?, violations = ?, "
      "last_run_id = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?");
  if (!stmt) return Fail(stmt.error());
  BindHeader(*stmt, schedule);
  stmt->Bind(18, FormatInstant(InstantNow())).Bind(19, schedule.id.value());
  stmt->Bind(20, expected_version);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  if (db.Changes() == 0) {
    auto current = db.Prepare("SELECT version FROM schedules WHERE id = ?");
    if (!current) return Fail(current.error());
    current->Bind(1, schedule.id.value());
    auto row = current->Step();
    if (!row) return Fail(row.error());
    if (!*row)
      return Fail(Error::NotFound("schedule " + schedule.id.ToString() + " does not exist"));
    const std::string version = std::to_string(current->Int(0));
    return Fail(Error::Conflict("schedule " + schedule.id.ToString() +
                                " was changed by someone else (version " +
                                std::to_string(expected_version) +
                                " is stale; current version is " + version + ")")
                    .WithDetail("current_version", version));
  }
  if (replace_assignments) {
    auto del = db.Prepare("DELETE FROM schedule_assignments WHERE schedule_id = ?");
    if (!del) return Fail(del.error());
    del->Bind(1, schedule.id.value());
    if (auto ok = del->Run(); !ok) return Fail(ok.error());
    if (auto ok = InsertAssignments(db, schedule.id, schedule.assignments); !ok) {
      return Fail(ok.error());
    }
  }
  return Get(tx, schedule.id);
}

Result<std::vector<ScheduleId>> SqliteScheduleStore::FindPlacing(
    Transaction& tx, TaskId task, const std::vector<ScheduleStatus>& statuses) {
  std::string sql =
      "SELECT s.id FROM schedule_assignments a JOIN schedules s ON s.id = a.schedule_id "
      "WHERE a.task_id = ?";
  for (std::size_t i = 0; i < statuses.size(); ++i) sql += (i == 0 ? " AND s.status IN (?" : ", ?");
  if (!statuses.empty()) sql += ")";
  auto stmt = ConnectionOf(tx).Prepare(sql + " ORDER BY s.id DESC");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, task.value());
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    stmt->Bind(static_cast<int>(i + 2), ScheduleStatusName(statuses[i]));
  }
  std::vector<ScheduleId> ids;
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    ids.emplace_back(stmt->Int(0));
  }
  return ids;
}

Result<OptimizationRun> SqliteScheduleStore::InsertRun(Transaction& tx,
                                                       const OptimizationRun& run) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "INSERT INTO optimization_runs (schedule_id, state, outcome, strategy, seed, time_limit_s, "
      "engine_version, input_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, run.schedule_id.value()).Bind(2, RunStateName(run.state));
  stmt->Bind(3, RunOutcomeName(run.outcome)).Bind(4, run.strategy);
  stmt->Bind(5, static_cast<std::int64_t>(run.seed)).Bind(6, run.time_limit_s);
  stmt->Bind(7, run.engine_version).Bind(8, run.input_hash).Bind(9, run.created_by);
  stmt->Bind(10, FormatInstant(InstantNow()));
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  return GetRun(tx, OptimizationRunId{db.LastInsertId()});
}

Result<OptimizationRun> SqliteScheduleStore::GetRun(Transaction& tx, OptimizationRunId id) {
  auto stmt = ConnectionOf(tx).Prepare(std::string(kSelectRun) + " WHERE id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, id.value());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(Error::NotFound("optimization run " + id.ToString() + " does not exist"));
  return ReadRun(*stmt);
}

Result<void> SqliteScheduleStore::UpdateRun(Transaction& tx, const OptimizationRun& run) {
  auto stmt = ConnectionOf(tx).Prepare(
      "UPDATE optimization_runs SET state = ?, outcome = ?, input_hash = ?, progress = ?, "
      "objective = ?, bound = ?, gap = ?, makespan_minutes = ?, total_tardiness_minutes = ?, "
      "max_tardiness_minutes = ?, late_jobs = ?, total_setup_minutes = ?, weighted_tardiness = ?, "
      "improvements = ?, solve_time_s = ?, message = ?, started_at = ?, finished_at = ? "
      "WHERE id = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, RunStateName(run.state)).Bind(2, RunOutcomeName(run.outcome));
  stmt->Bind(3, run.input_hash).Bind(4, run.progress).Bind(5, run.objective);
  stmt->Bind(6, run.bound).Bind(7, run.gap).Bind(8, run.incumbent.makespan_minutes);
  stmt->Bind(9, run.incumbent.total_tardiness_minutes);
  stmt->Bind(10, run.incumbent.max_tardiness_minutes).Bind(11, run.incumbent.late_jobs);
  stmt->Bind(12, run.incumbent.total_setup_minutes).Bind(13, run.incumbent.weighted_tardiness);
  stmt->Bind(14, run.improvements).Bind(15, run.solve_time_s).Bind(16, run.message);
  stmt->Bind(17, InstantText(run.started_at)).Bind(18, InstantText(run.finished_at));
  stmt->Bind(19, run.id.value());
  if (auto ok = stmt->Run(); !ok) return ok;
  if (ConnectionOf(tx).Changes() == 0) {
    return Fail(Error::NotFound("optimization run " + run.id.ToString() + " does not exist"));
  }
  return {};
}

Result<std::vector<OptimizationRun>> SqliteScheduleStore::UnfinishedRuns(Transaction& tx) {
  auto stmt = ConnectionOf(tx).Prepare(std::string(kSelectRun) +
                                       " WHERE state IN ('QUEUED', 'RUNNING') ORDER BY id");
  if (!stmt) return Fail(stmt.error());
  std::vector<OptimizationRun> runs;
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    runs.push_back(ReadRun(*stmt));
  }
  return runs;
}

Result<std::optional<ScheduleIdempotency>> SqliteScheduleStore::FindIdempotencyKey(
    Transaction& tx, const std::string& key) {
  auto stmt = ConnectionOf(tx).Prepare(
      "SELECT fingerprint, schedule_id, run_id FROM schedule_idempotency_keys WHERE key = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, key);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<ScheduleIdempotency>();
  return std::optional<ScheduleIdempotency>(
      ScheduleIdempotency{stmt->Text(0), ScheduleId{stmt->Int(1)},
                          OptimizationRunId{stmt->OptionalInt(2).value_or(0)}});
}

Result<void> SqliteScheduleStore::RememberIdempotencyKey(Transaction& tx, const std::string& key,
                                                         const ScheduleIdempotency& entry) {
  auto stmt = ConnectionOf(tx).Prepare(
      "INSERT INTO schedule_idempotency_keys (key, fingerprint, schedule_id, run_id, created_at) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, key).Bind(2, entry.fingerprint).Bind(3, entry.schedule_id.value());
  if (entry.run_id.valid()) {
    stmt->Bind(4, entry.run_id.value());
  } else {
    stmt->BindNull(4);
  }
  stmt->Bind(5, FormatInstant(InstantNow()));
  return stmt->Run();
}

}  // namespace takt::storage::sqlite
