#include "storage/sqlite/sqlite_task_store.hpp"

#include <map>
#include <set>
#include <unordered_map>

#include "storage/sqlite/sqlite_transaction.hpp"

namespace takt::storage::sqlite {
namespace {

constexpr const char* kByJobs = "t.job_id IN (SELECT value FROM json_each(?))";
constexpr const char* kById = "t.id = CAST(? AS INTEGER)";
// One job: an equality on the (job_id, sequence) unique index, no temporary b-tree.
constexpr const char* kByJob = "t.job_id = CAST(? AS INTEGER)";

std::optional<Instant> OptionalInstant(const Statement& s, int column) {
  auto text = s.OptionalText(column);
  if (!text) return std::nullopt;
  return ParseInstant(*text);
}

std::optional<std::string> InstantText(std::optional<Instant> at) {
  if (!at) return std::nullopt;
  return FormatInstant(*at);
}

std::optional<std::int64_t> MachineValue(const std::optional<MachineId>& id) {
  if (!id) return std::nullopt;
  return id->value();
}

std::string OperatorList(const std::vector<OperatorId>& ids) {
  std::string out;
  for (const OperatorId& id : ids) {
    if (!out.empty()) out += ",";
    out += id.ToString();
  }
  return out;
}

Task ReadTask(const Statement& s) {
  Task t;
  t.id = TaskId{s.Int(0)};
  t.job_id = JobId{s.Int(1)};
  t.sequence = s.Int(2);
  t.name = s.Text(3);
  t.operation_code = s.Text(4);
  t.setup_minutes = s.Int(5);
  t.run_minutes_per_unit = s.Double(6);
  t.fixed_duration_minutes = s.OptionalInt(7);
  t.setup_family = s.Text(8);
  t.interruptible = s.Int(9) != 0;
  t.status = ParseTaskStatus(s.Text(10)).value_or(TaskStatus::kPending);
  t.pinned = s.Int(11) != 0;
  t.actuals.start = OptionalInstant(s, 12);
  t.actuals.end = OptionalInstant(s, 13);
  t.actuals.produced_quantity = s.OptionalInt(14);
  t.actuals.scrap_quantity = s.OptionalInt(15);
  t.actuals.quality_notes = s.Text(16);
  t.actuals.failure_reason = s.Text(17);
  t.version = s.Int(18);
  t.created_at = ParseInstant(s.Text(19)).value_or(Instant{});
  t.updated_at = ParseInstant(s.Text(20)).value_or(Instant{});
  if (auto machine = s.OptionalInt(21)) t.actuals.machine_id = MachineId{*machine};
  const std::string operators = s.Text(22);
  std::size_t start = 0;
  while (start < operators.size()) {
    std::size_t comma = operators.find(',', start);
    if (comma == std::string::npos) comma = operators.size();
    if (comma > start) {
      t.actuals.operator_ids.emplace_back(std::stoll(operators.substr(start, comma - start)));
    }
    start = comma + 1;
  }
  return t;
}

Error VersionMiss(Connection& db, TaskId id, std::int64_t expected_version) {
  auto stmt = db.Prepare("SELECT version FROM tasks WHERE id = ?");
  if (!stmt) return stmt.error();
  stmt->Bind(1, id.value());
  auto row = stmt->Step();
  if (!row) return row.error();
  if (!*row) return Error::NotFound("task " + id.ToString() + " does not exist");
  const std::int64_t current = stmt->Int(0);
  return Error::Conflict("task " + id.ToString() + " was changed by someone else (version " +
                         std::to_string(expected_version) + " is stale; current version is " +
                         std::to_string(current) + "); reload it and retry")
      .WithDetail("current_version", std::to_string(current));
}

// Runs `sql` (which has one '?' for `bound`) and calls `each` per row.
template <typename Each>
Result<void> ForEachRow(Connection& db, const std::string& sql, const std::string& bound,
                        Each&& each) {
  auto stmt = db.Prepare(sql);
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, bound);
  while (true) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return {};
    each(*stmt);
  }
}

}  // namespace

Result<std::vector<Task>> SqliteTaskStore::Load(Connection& db, const std::string& where,
                                                const std::string& bound) {
  std::vector<Task> tasks;
  std::unordered_map<std::int64_t, std::size_t> index;
  auto ok = ForEachRow(
      db,
      "SELECT t.id, t.job_id, t.sequence, t.name, t.operation_code, t.setup_minutes, "
      "t.run_minutes_per_unit, t.fixed_duration_minutes, t.setup_family, t.interruptible, "
      "t.status, t.pinned, t.actual_start, t.actual_end, t.produced_quantity, t.scrap_quantity, "
      "t.quality_notes, t.failure_reason, t.version, t.created_at, t.updated_at, "
      "t.actual_machine_id, t.actual_operator_ids FROM tasks t "
      "WHERE " +
          where + " ORDER BY t.job_id, t.sequence",
      bound, [&](const Statement& s) {
        index.emplace(s.Int(0), tasks.size());
        tasks.push_back(ReadTask(s));
      });
  if (!ok) return Fail(ok.error());
  if (tasks.empty()) return tasks;

  ok = ForEachRow(db,
                  "SELECT m.task_id, m.machine_id, m.work_center_id, m.setup_minutes, "
                  "m.run_minutes FROM task_modes m JOIN tasks t ON t.id = m.task_id WHERE " +
                      where + " ORDER BY t.job_id, t.sequence, m.position",
                  bound, [&](const Statement& s) {
                    TaskMode mode;
                    if (auto m = s.OptionalInt(1)) mode.machine_id = MachineId{*m};
                    if (auto w = s.OptionalInt(2)) mode.work_center_id = WorkCenterId{*w};
                    mode.setup_minutes = s.Int(3);
                    mode.run_minutes = s.Double(4);
                    tasks[index.at(s.Int(0))].modes.push_back(std::move(mode));
                  });
  if (!ok) return Fail(ok.error());

  ok = ForEachRow(db,
                  "SELECT o.task_id, o.mode_position, o.skill_id, s.code, o.min_level, o.count, "
                  "o.attendance FROM task_mode_operators o JOIN tasks t ON t.id = o.task_id "
                  "JOIN skills s ON s.id = o.skill_id WHERE " +
                      where + " ORDER BY t.job_id, t.sequence, o.mode_position, o.position",
                  bound, [&](const Statement& s) {
                    Task& task = tasks[index.at(s.Int(0))];
                    const auto mode = static_cast<std::size_t>(s.Int(1));
                    if (mode >= task.modes.size()) return;
                    OperatorRequirement req;
                    req.skill_id = SkillId{s.Int(2)};
                    req.skill_code = s.Text(3);
                    req.min_level = static_cast<int>(s.Int(4));
                    req.count = static_cast<int>(s.Int(5));
                    req.attendance = ParseAttendance(s.Text(6)).value_or(Attendance::kFull);
                    task.modes[mode].operators.push_back(std::move(req));
                  });
  if (!ok) return Fail(ok.error());

  ok = ForEachRow(db,
                  "SELECT l.task_id, l.predecessor_id, p.sequence, l.type, l.min_lag, l.max_lag "
                  "FROM task_links l JOIN tasks t ON t.id = l.task_id "
                  "JOIN tasks p ON p.id = l.predecessor_id WHERE " +
                      where + " ORDER BY t.job_id, t.sequence, l.position",
                  bound, [&](const Statement& s) {
                    PrecedenceLink link;
                    link.predecessor_id = TaskId{s.Int(1)};
                    link.predecessor_sequence = s.Int(2);
                    link.type =
                        ParsePrecedenceType(s.Text(3)).value_or(PrecedenceType::kFinishToStart);
                    link.min_lag_minutes = s.Int(4);
                    link.max_lag_minutes = s.OptionalInt(5);
                    tasks[index.at(s.Int(0))].predecessors.push_back(link);
                  });
  if (!ok) return Fail(ok.error());
  return tasks;
}

Result<void> SqliteTaskStore::WriteModesAndLinks(Connection& db, Task& task) {
  for (std::size_t m = 0; m < task.modes.size(); ++m) {
    const TaskMode& mode = task.modes[m];
    auto stmt = db.Prepare(
        "INSERT INTO task_modes (task_id, position, machine_id, work_center_id, setup_minutes, "
        "run_minutes) VALUES (?, ?, ?, ?, ?, ?)");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, task.id.value()).Bind(2, static_cast<std::int64_t>(m));
    if (mode.machine_id) {
      stmt->Bind(3, mode.machine_id->value());
    } else {
      stmt->BindNull(3);
    }
    if (mode.work_center_id) {
      stmt->Bind(4, mode.work_center_id->value());
    } else {
      stmt->BindNull(4);
    }
    stmt->Bind(5, mode.setup_minutes).Bind(6, mode.run_minutes);
    if (auto ok = stmt->Run(); !ok) return ok;
    for (std::size_t o = 0; o < mode.operators.size(); ++o) {
      const OperatorRequirement& req = mode.operators[o];
      auto op = db.Prepare(
          "INSERT INTO task_mode_operators (task_id, mode_position, position, skill_id, "
          "min_level, count, attendance) VALUES (?, ?, ?, ?, ?, ?, ?)");
      if (!op) return Fail(op.error());
      op->Bind(1, task.id.value()).Bind(2, static_cast<std::int64_t>(m));
      op->Bind(3, static_cast<std::int64_t>(o)).Bind(4, req.skill_id.value());
      op->Bind(5, req.min_level).Bind(6, req.count).Bind(7, AttendanceName(req.attendance));
      if (auto ok = op->Run(); !ok) return ok;
    }
  }
  for (std::size_t i = 0; i < task.predecessors.size(); ++i) {
    PrecedenceLink& link = task.predecessors[i];
    const std::string field = "predecessors[" + std::to_string(i) + "]";
    auto find =
        link.predecessor_id.valid()
            ? db.Prepare("SELECT id, sequence FROM tasks WHERE id = ? AND job_id = ?")
            : db.Prepare("SELECT id, sequence FROM tasks WHERE sequence = ? AND job_id = ?");
    if (!find) return Fail(find.error());
    find->Bind(
        1, link.predecessor_id.valid() ? link.predecessor_id.value() : link.predecessor_sequence);
    find->Bind(2, task.job_id.value());
    auto row = find->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      return Fail(
          Error::InvalidArgument("a precedence link names no task of this job",
                                 {{field + (link.predecessor_id.valid() ? ".task_id" : ".sequence"),
                                   "names no task of this job"}}));
    }
    const std::int64_t predecessor = find->Int(0);
    link.predecessor_id = TaskId{predecessor};
    link.predecessor_sequence = find->Int(1);
    if (predecessor == task.id.value()) {
      return Fail(Error::InvalidArgument("a task cannot precede itself",
                                         {{field + ".sequence", "a task cannot precede itself"}}));
    }
    auto stmt = db.Prepare(
        "INSERT INTO task_links (task_id, position, predecessor_id, type, min_lag, max_lag) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!stmt) return Fail(stmt.error());
    stmt->Bind(1, task.id.value()).Bind(2, static_cast<std::int64_t>(i)).Bind(3, predecessor);
    stmt->Bind(4, PrecedenceTypeName(link.type)).Bind(5, link.min_lag_minutes);
    stmt->Bind(6, link.max_lag_minutes);
    if (auto ok = stmt->Run(); !ok) return ok;
  }
  return {};
}

Result<Task> SqliteTaskStore::Insert(Transaction& tx, const Task& task) {
  Connection& db = ConnectionOf(tx);
  const std::string now = FormatInstant(InstantNow());
  // The id is one past every id a task ever had (id_high_water, migration 105): a deleted task's
  // id never comes back, so audit entries and old schedules that name it never name another task.
  auto stmt = db.Prepare(
      "INSERT INTO tasks (id, job_id, sequence, name, operation_code, setup_minutes, "
      "run_minutes_per_unit, fixed_duration_minutes, setup_family, interruptible, status, pinned, "
      "actual_start, actual_end, produced_quantity, scrap_quantity, quality_notes, "
      "failure_reason, version, created_at, updated_at, actual_machine_id, actual_operator_ids) "
      "VALUES (max(ifnull((SELECT max(id) FROM tasks), 0), "
      "ifnull((SELECT last_id FROM id_high_water WHERE name = 'tasks'), 0)) + 1, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, task.job_id.value()).Bind(2, task.sequence).Bind(3, task.name);
  stmt->Bind(4, task.operation_code).Bind(5, task.setup_minutes);
  stmt->Bind(6, task.run_minutes_per_unit).Bind(7, task.fixed_duration_minutes);
  stmt->Bind(8, task.setup_family).Bind(9, task.interruptible);
  stmt->Bind(10, TaskStatusName(task.status)).Bind(11, task.pinned);
  stmt->Bind(12, InstantText(task.actuals.start)).Bind(13, InstantText(task.actuals.end));
  stmt->Bind(14, task.actuals.produced_quantity).Bind(15, task.actuals.scrap_quantity);
  stmt->Bind(16, task.actuals.quality_notes).Bind(17, task.actuals.failure_reason);
  stmt->Bind(18, now).Bind(19, now);
  stmt->Bind(20, MachineValue(task.actuals.machine_id));
  stmt->Bind(21, OperatorList(task.actuals.operator_ids));
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  // The answer is built from what was written (no re-read): the assigned id, version and
  // timestamps, the links resolved by WriteModesAndLinks and the skill codes looked up below.
  Task stored = task;
  stored.id = TaskId{db.LastInsertId()};
  stored.version = 1;
  stored.created_at = ParseInstant(now).value_or(Instant{});
  stored.updated_at = stored.created_at;
  if (auto ok = WriteModesAndLinks(db, stored); !ok) return Fail(ok.error());
  if (auto ok = FillSkillCodes(db, stored); !ok) return Fail(ok.error());
  return stored;
}

Result<Task> SqliteTaskStore::Get(Transaction& tx, TaskId id) {
  auto tasks = Load(ConnectionOf(tx), kById, std::to_string(id.value()));
  if (!tasks) return Fail(tasks.error());
  if (tasks->empty()) return Fail(Error::NotFound("task " + id.ToString() + " does not exist"));
  return std::move(tasks->front());
}

Result<std::vector<Task>> SqliteTaskStore::ListByJob(Transaction& tx, JobId job_id) {
  return Load(ConnectionOf(tx), kByJob, job_id.ToString());
}

Result<std::map<JobId, std::vector<Task>>> SqliteTaskStore::ListByJobs(
    Transaction& tx, const std::vector<JobId>& ids) {
  std::map<JobId, std::vector<Task>> out;
  if (ids.empty()) return out;
  std::string array = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) array += ",";
    array += ids[i].ToString();
    out[ids[i]];
  }
  array += "]";
  auto tasks = Load(ConnectionOf(tx), kByJobs, array);
  if (!tasks) return Fail(tasks.error());
  for (Task& task : *tasks) out[task.job_id].push_back(std::move(task));
  return out;
}

Result<Task> SqliteTaskStore::Update(Transaction& tx, const Task& task,
                                     std::int64_t expected_version) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare(
      "UPDATE tasks SET sequence = ?, name = ?, operation_code = ?, setup_minutes = ?, "
      "run_minutes_per_unit = ?, fixed_duration_minutes = ?, setup_family = ?, "
      "interruptible = ?, status = ?, pinned = ?, actual_start = ?, actual_end = ?, "
      "produced_quantity = ?, scrap_quantity = ?, quality_notes = ?, failure_reason = ?, "
      "actual_machine_id = ?, actual_operator_ids = ?, version = version + 1, updated_at = ? "
      "WHERE id = ? AND version = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, task.sequence).Bind(2, task.name).Bind(3, task.operation_code);
  stmt->Bind(4, task.setup_minutes).Bind(5, task.run_minutes_per_unit);
  stmt->Bind(6, task.fixed_duration_minutes).Bind(7, task.setup_family);
  stmt->Bind(8, task.interruptible).Bind(9, TaskStatusName(task.status)).Bind(10, task.pinned);
  stmt->Bind(11, InstantText(task.actuals.start)).Bind(12, InstantText(task.actuals.end));
  stmt->Bind(13, task.actuals.produced_quantity).Bind(14, task.actuals.scrap_quantity);
  stmt->Bind(15, task.actuals.quality_notes).Bind(16, task.actuals.failure_reason);
  stmt->Bind(17, MachineValue(task.actuals.machine_id));
  stmt->Bind(18, OperatorList(task.actuals.operator_ids));
  stmt->Bind(19, FormatInstant(InstantNow())).Bind(20, task.id.value());
  stmt->Bind(21, expected_version);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  if (db.Changes() == 0) return Fail(VersionMiss(db, task.id, expected_version));
  for (const char* sql :
       {"DELETE FROM task_modes WHERE task_id = ?", "DELETE FROM task_links WHERE task_id = ?"}) {
    auto del = db.Prepare(sql);
    if (!del) return Fail(del.error());
    del->Bind(1, task.id.value());
    if (auto ok = del->Run(); !ok) return Fail(ok.error());
  }
  Task written = task;
  if (auto ok = WriteModesAndLinks(db, written); !ok) return Fail(ok.error());
  return Get(tx, task.id);
}

Result<void> SqliteTaskStore::Delete(Transaction& tx, TaskId id, std::int64_t expected_version) {
  Connection& db = ConnectionOf(tx);
  auto stmt = db.Prepare("DELETE FROM tasks WHERE id = ? AND version = ?");
  if (!stmt) return Fail(stmt.error());
  stmt->Bind(1, id.value()).Bind(2, expected_version);
  if (auto ok = stmt->Run(); !ok) return Fail(ok.error());
  if (db.Changes() == 0) return Fail(VersionMiss(db, id, expected_version));
  return {};
}

namespace {

template <typename Id>
std::string IdArray(const std::set<Id>& ids) {
  std::string out = "[";
  for (const Id& id : ids) {
    if (out.size() > 1) out += ",";
    out += id.ToString();
  }
  return out + "]";
}

std::string TextArray(const std::set<std::string>& values) {
  std::string out = "[";
  for (const std::string& v : values) {
    if (out.size() > 1) out += ",";
    out += "\"";
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) out += c;
    }
    out += "\"";
  }
  return out + "]";
}

}  // namespace

Result<void> SqliteTaskStore::FillSkillCodes(Connection& db, Task& task) {
  std::set<SkillId> ids;
  for (const TaskMode& mode : task.modes) {
    for (const OperatorRequirement& req : mode.operators) ids.insert(req.skill_id);
  }
  if (ids.empty()) return {};
  std::map<std::int64_t, std::string> codes;
  auto ok =
      ForEachRow(db, "SELECT s.id, s.code FROM json_each(?) j JOIN skills s ON s.id = j.value",
                 IdArray(ids), [&](const Statement& s) { codes[s.Int(0)] = s.Text(1); });
  if (!ok) return Fail(ok.error());
  for (TaskMode& mode : task.modes) {
    for (OperatorRequirement& req : mode.operators) req.skill_code = codes[req.skill_id.value()];
  }
  return {};
}

// The lookups below walk the JSON array and seek each id (or code) in its table: `x IN (SELECT
// value FROM json_each(?))` would first copy the array into a temporary B-tree on every call.
// Duplicates in the array only repeat a row, which the sets and maps below absorb.
Result<KnownResources> SqliteTaskStore::FindResources(Transaction& tx, const ResourceRefs& refs) {
  Connection& db = ConnectionOf(tx);
  KnownResources known;
  if (!refs.machines.empty()) {
    auto ok = ForEachRow(
        db, "SELECT m.id, m.work_center_id FROM json_each(?) j JOIN machines m ON m.id = j.value",
        IdArray(refs.machines), [&](const Statement& s) {
          known.machines.insert(MachineId{s.Int(0)});
          if (auto wc = s.OptionalInt(1))
            known.machine_work_center[MachineId{s.Int(0)}] = WorkCenterId{*wc};
        });
    if (!ok) return Fail(ok.error());
  }
  if (!refs.operators.empty()) {
    auto ok = ForEachRow(db, "SELECT o.id FROM json_each(?) j JOIN operators o ON o.id = j.value",
                         IdArray(refs.operators),
                         [&](const Statement& s) { known.operators.insert(OperatorId{s.Int(0)}); });
    if (!ok) return Fail(ok.error());
  }
  if (!refs.work_centers.empty()) {
    auto ok =
        ForEachRow(db, "SELECT w.id FROM json_each(?) j JOIN work_centers w ON w.id = j.value",
                   IdArray(refs.work_centers),
                   [&](const Statement& s) { known.work_centers.insert(WorkCenterId{s.Int(0)}); });
    if (!ok) return Fail(ok.error());
  }
  auto add_skill = [&](const Statement& s) {
    known.skill_code_by_id[SkillId{s.Int(0)}] = s.Text(1);
    known.skill_id_by_code[s.Text(1)] = SkillId{s.Int(0)};
  };
  if (!refs.skill_ids.empty()) {
    auto ok =
        ForEachRow(db, "SELECT s.id, s.code FROM json_each(?) j JOIN skills s ON s.id = j.value",
                   IdArray(refs.skill_ids), add_skill);
    if (!ok) return Fail(ok.error());
  }
  if (!refs.skill_codes.empty()) {
    auto ok =
        ForEachRow(db, "SELECT s.id, s.code FROM json_each(?) j JOIN skills s ON s.code = j.value",
                   TextArray(refs.skill_codes), add_skill);
    if (!ok) return Fail(ok.error());
  }
  return known;
}

}  // namespace takt::storage::sqlite
