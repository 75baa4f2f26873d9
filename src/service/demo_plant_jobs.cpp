#include "service/demo_plant_jobs.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <vector>

namespace takt::service {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

// One operation of a routing: where it may run and who must attend it.
struct Operation {
  const char* code;
  const char* name;
  std::vector<const char*> machines;  // alternatives
  const char* skill;
  int min_level;
  Attendance attendance;
  int setup_min;  // setup minutes range
  int setup_max;
  double run_min;  // run minutes per unit range
  double run_max;
  bool uses_material_family;  // mills change over by material
};

// The plant's routing, in process order; a job's route is an ordered subset ending in inspection.
const std::vector<Operation>& Routing() {
  static const std::vector<Operation> kRouting = {
      {"TURN",
       "Turn blank",
       {"CNC-L1", "CNC-L2"},
       "CNC_TURN",
       2,
       Attendance::kFull,
       20,
       40,
       1.5,
       4.0,
       false},
      {"MILL-R",
       "Rough mill",
       {"CNC-M1", "CNC-M2", "CNC-M3"},
       "CNC_MILL",
       3,  // the 5-axis mills ask for level 3: one operator covers task and machine
       Attendance::kSetupOnly,
       30,
       45,
       2.0,
       6.0,
       true},
      {"MILL-F",
       "Finish mill",
       {"CNC-M1", "CNC-M2"},
       "CNC_MILL",
       3,
       Attendance::kFull,
       20,
       40,
       2.5,
       8.0,
       true},
      {"WELD-MIG",
       "MIG weld frame",
       {"WLD-M1", "WLD-M2"},
       "WELD_MIG",
       2,
       Attendance::kSetupOnly,
       15,
       30,
       1.0,
       3.0,
       false},
      {"WELD-TIG",
       "TIG weld seams",
       {"WLD-T1"},
       "WELD_TIG",
       3,
       Attendance::kFull,
       15,
       25,
       3.0,
       9.0,
       false},
      {"DEBURR",
       "Deburr and clean",
       {"DBR-1"},
       "DEBURR",
       1,
       Attendance::kFull,
       5,
       10,
       0.5,
       1.5,
       false},
      {"ASSY", "Assemble", {"ASM-1"}, "ASSEMBLY", 2, Attendance::kFull, 10, 20, 2.0, 6.0, false},
      {"INSP-CMM",
       "Final inspection (CMM)",
       {"CMM-1"},
       "INSPECTION",
       3,
       Attendance::kFull,
       10,
       15,
       0.5,
       2.0,
       false},
  };
  return kRouting;
}

struct Customer {
  const char* name;
  const char* part_prefix;
  bool regulated;
};

constexpr Customer kCustomers[] = {
    {"Aerodyne Systems", "AER", false}, {"Brightwater Medical", "BWM", true},
    {"Cobalt Robotics", "COB", false},  {"Delta Marine", "DLM", false},
    {"Evergreen Energy", "EVG", false}, {"Fjord Automotive", "FJA", false},
};

constexpr const char* kMaterials[] = {"ALU", "STEEL", "TITANIUM"};

// Deterministic choices from a fixed seed (uniform_int_distribution is not specified the same on
// every standard library, so ranges are drawn by hand from the raw engine output).
class Dice {
 public:
  explicit Dice(std::uint32_t seed) : engine_(seed) {}
  int Between(int lo, int hi) { return lo + static_cast<int>(engine_() % (hi - lo + 1)); }
  double Between(double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(engine_() % 10001) / 10000.0;
  }
  bool Chance(int percent) { return Between(1, 100) <= percent; }

 private:
  std::mt19937 engine_;
};

Task MakeTask(const Operation& op, std::int64_t sequence, const std::string& material,
              const DemoResources& resources, Dice& dice) {
  Task t;
  t.sequence = sequence;
  t.name = op.name;
  t.operation_code = op.code;
  t.setup_minutes = dice.Between(op.setup_min, op.setup_max);
  t.run_minutes_per_unit = std::round(dice.Between(op.run_min, op.run_max) * 10.0) / 10.0;
  t.setup_family = op.uses_material_family ? material : "";
  t.interruptible = std::string(op.code) != "INSP-CMM";
  for (const char* code : op.machines) {
    TaskMode mode;
    mode.machine_id = resources.machines.at(code);
    mode.setup_minutes = t.setup_minutes;
    mode.run_minutes = t.run_minutes_per_unit;
    mode.operators.push_back({SkillId{}, op.skill, op.min_level, 1, op.attendance});
    t.modes.push_back(mode);
  }
  if (std::string(op.code) == "INSP-CMM") {
    t.fixed_duration_minutes = dice.Between(30, 60);
  }
  return t;
}

// The target statuses of the 30 jobs, in a seeded order.
std::vector<JobStatus> StatusPlan(Dice& dice) {
  std::vector<JobStatus> plan;
  const std::pair<JobStatus, int> kMix[] = {{JobStatus::kPlanned, 8},   {JobStatus::kApproved, 6},
                                            {JobStatus::kReleased, 7},  {JobStatus::kInProgress, 5},
                                            {JobStatus::kCompleted, 2}, {JobStatus::kOnHold, 1},
                                            {JobStatus::kCancelled, 1}};
  for (const auto& [status, count] : kMix) plan.insert(plan.end(), count, status);
  for (std::size_t i = plan.size() - 1; i > 0; --i) {
    std::swap(plan[i], plan[static_cast<std::size_t>(dice.Between(0, static_cast<int>(i)))]);
  }
  return plan;
}

// Machines and operators busy with the demo's running tasks: a task left running must not share
// its machine or crew with another running task, or the floor state would be impossible.
struct FloorOccupancy {
  std::set<MachineId> machines;
  std::set<OperatorId> operators;
};

bool HasFreeMode(const Task& task, const FloorOccupancy& running) {
  return std::any_of(task.modes.begin(), task.modes.end(), [&](const TaskMode& m) {
    return m.machine_id && !running.machines.contains(*m.machine_id);
  });
}

// The machine and operators a demo task runs on: its first mode (for a task left running, the
// first mode whose machine is free), attended by qualified operators (free ones when running).
TaskStartResources CrewFor(const Task& task, const DemoResources& resources, Dice& dice,
                           FloorOccupancy* running) {
  TaskStartResources crew;
  if (task.modes.empty()) return crew;
  const TaskMode* mode = &task.modes.front();
  if (running != nullptr) {
    for (const TaskMode& m : task.modes) {
      if (m.machine_id && !running->machines.contains(*m.machine_id)) {
        mode = &m;
        break;
      }
    }
  }
  crew.machine_id = mode->machine_id;
  for (const OperatorRequirement& need : mode->operators) {
    auto it = resources.operators_by_skill.find(need.skill_code);
    if (it == resources.operators_by_skill.end() || it->second.empty()) continue;
    const std::vector<OperatorId>& pool = it->second;
    const auto first = static_cast<std::size_t>(dice.Between(0, static_cast<int>(pool.size()) - 1));
    int picked = 0;
    for (std::size_t k = 0; k < pool.size() && picked < need.count; ++k) {
      const OperatorId id = pool[(first + k) % pool.size()];
      if (running != nullptr && running->operators.contains(id)) continue;
      crew.operator_ids.push_back(id);
      ++picked;
    }
  }
  if (running != nullptr) {
    if (crew.machine_id) running->machines.insert(*crew.machine_id);
    running->operators.insert(crew.operator_ids.begin(), crew.operator_ids.end());
  }
  return crew;
}

// Runs a job's first `count` tasks on the floor, back to back, ending before `now`; the task
// after them is left running when `leave_running`.
Result<void> Work(TaskService& tasks, const Actor& actor, const JobDetail& job, std::size_t count,
                  bool leave_running, Instant now, const DemoResources& resources, Dice& dice,
                  FloorOccupancy& running) {
  std::vector<minutes> spans;
  minutes total{0};
  for (std::size_t i = 0; i < count && i < job.tasks.size(); ++i) {
    const auto planned = std::min<std::int64_t>(job.tasks[i].PlannedMinutes(job.job.quantity), 600);
    spans.emplace_back(std::max<std::int64_t>(15, planned * dice.Between(90, 115) / 100));
    total += spans.back() + minutes{30};
  }
  Instant at = now - total - hours{leave_running ? 3 : 1};
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const TaskId id = job.tasks[i].id;
    const TaskStartResources crew = CrewFor(job.tasks[i], resources, dice, nullptr);
    if (auto ok = tasks.StartTask(actor, id, at, crew); !ok) return Fail(ok.error());
    at += spans[i];
    TaskCompletion done;
    done.completion_time = at;
    done.produced_quantity = job.job.quantity;
    done.scrap_quantity = dice.Chance(25) ? dice.Between(1, 3) : 0;
    if (auto ok = tasks.CompleteTask(actor, id, done); !ok) return Fail(ok.error());
    at += minutes{30};
  }
  if (leave_running && count < job.tasks.size() && HasFreeMode(job.tasks[count], running)) {
    const TaskStartResources crew = CrewFor(job.tasks[count], resources, dice, &running);
    if (auto ok = tasks.StartTask(actor, job.tasks[count].id, at, crew); !ok) {
      return Fail(ok.error());
    }
  }
  return {};
}

Result<void> MoveTo(JobService& jobs, TaskService& tasks, const Actor& actor, const JobDetail& job,
                    JobStatus target, Instant now, const DemoResources& resources, Dice& dice,
                    FloorOccupancy& running) {
  auto step = [&](JobStatus s, const char* reason) -> Result<void> {
    auto r = jobs.ChangeStatus(actor, job.job.id, s, reason, std::nullopt);
    if (!r) return Fail(r.error());
    return {};
  };
  switch (target) {
    case JobStatus::kPlanned: return {};
    case JobStatus::kCancelled: return step(JobStatus::kCancelled, "Customer withdrew the order");
    case JobStatus::kOnHold:
      if (auto ok = step(JobStatus::kApproved, "Quality review passed"); !ok) return ok;
      return step(JobStatus::kOnHold, "Awaiting material certificate from the supplier");
    default: break;
  }
  if (auto ok = step(JobStatus::kApproved, "Quality review passed"); !ok) return ok;
  if (target == JobStatus::kApproved) return {};
  if (auto ok = step(JobStatus::kReleased, "Material on site"); !ok) return ok;
  if (target == JobStatus::kReleased) return {};
  auto released = jobs.GetJob(job.job.id);
  if (!released) return Fail(released.error());
  if (target == JobStatus::kCompleted) {
    return Work(tasks, actor, *released, released->tasks.size(), false, now, resources, dice,
                running);
  }
  std::size_t done = static_cast<std::size_t>(
      dice.Between(0, std::max(0, static_cast<int>(released->tasks.size()) - 2)));
  // Leave running the first task from the drawn one whose machine no other running task holds.
  const std::size_t n = released->tasks.size();
  for (std::size_t k = 0; k < n; ++k) {
    if (HasFreeMode(released->tasks[(done + k) % n], running)) {
      done = (done + k) % n;
      break;
    }
  }
  return Work(tasks, actor, *released, done, true, now, resources, dice, running);
}

}  // namespace

Result<void> LoadDemoJobs(JobService& jobs, TaskService& tasks, const Actor& actor, Instant now,
                          const DemoResources& resources, std::uint32_t seed,
                          DemoSummary& summary) {
  Dice dice(seed);
  FloorOccupancy running;
  const std::vector<JobStatus> plan = StatusPlan(dice);
  const Instant today = std::chrono::floor<days>(now);
  const JobPriority kPriorities[] = {
      JobPriority::kLow,  JobPriority::kNormal, JobPriority::kNormal, JobPriority::kNormal,
      JobPriority::kHigh, JobPriority::kHigh,   JobPriority::kUrgent};
  const std::vector<Operation>& routing = Routing();
  for (int i = 0; i < 30; ++i) {
    const Customer& customer = kCustomers[i % 6];
    const JobStatus target = plan[static_cast<std::size_t>(i)];
    NewJob n;
    char number[32];
    std::snprintf(number, sizeof number, "WO-%d-%04d", 2026, 1001 + i);
    n.job.job_number = number;
    n.job.customer_name = customer.name;
    n.job.part_number = std::string(customer.part_prefix) + "-" +
                        std::to_string(dice.Between(100, 999)) + "-" +
                        static_cast<char>('A' + dice.Between(0, 5));
    n.job.quantity = static_cast<std::int64_t>(dice.Between(1, 8)) * (dice.Chance(50) ? 5 : 25);
    n.job.priority = kPriorities[dice.Between(0, 6)];
    const bool finished = target == JobStatus::kCompleted;
    // Jobs on the floor (released, in progress) are due ahead; the others may already be late.
    const bool on_floor = target == JobStatus::kReleased || target == JobStatus::kInProgress;
    const int drawn = finished ? dice.Between(-6, 4) : dice.Between(-4, 35);
    int due_in = on_floor ? drawn + 6 : drawn;
    // A quarter of the jobs still in the office are already late: the planner's worry list.
    if (!on_floor && !finished && target != JobStatus::kCancelled && i % 4 == 1) {
      due_in = -(1 + i % 3);
    }
    n.job.due_date = today + days{due_in} + hours{16};
    n.job.release_date = n.job.due_date - days{dice.Between(8, 21)} - hours{10};
    if (customer.regulated) n.job.compliance_requirements = {"ISO_13485", "FDA_21CFR11"};
    if (i % 7 == 3) n.job.compliance_requirements.push_back("GMP");
    if (n.job.priority == JobPriority::kUrgent) n.job.notes = "Expedite: line-down at customer";

    // Route: 3-8 operations in process order, always ending with inspection.
    const int length = dice.Between(3, 8);
    std::vector<std::size_t> picked;
    std::vector<std::size_t> pool = {0, 1, 2, 3, 4, 5, 6};
    while (static_cast<int>(picked.size()) < length - 1) {
      const auto at = static_cast<std::size_t>(dice.Between(0, static_cast<int>(pool.size()) - 1));
      picked.push_back(pool[at]);
      pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(at));
    }
    std::sort(picked.begin(), picked.end());
    picked.push_back(routing.size() - 1);
    const std::string material = kMaterials[dice.Between(0, 2)];
    for (std::size_t k = 0; k < picked.size(); ++k) {
      Task t = MakeTask(routing[picked[k]], static_cast<std::int64_t>(k + 1) * 10, material,
                        resources, dice);
      // Deburring may start half an hour after the step before it starts (overlapping lots).
      if (k > 0 && std::string(routing[picked[k]].code) == "DEBURR") {
        PrecedenceLink link;
        link.predecessor_sequence = static_cast<std::int64_t>(k) * 10;
        link.type = PrecedenceType::kStartToStart;
        link.min_lag_minutes = 30;
        t.predecessors.push_back(link);
      }
      n.tasks.push_back(std::move(t));
    }
    const auto task_count = static_cast<int>(n.tasks.size());
    auto created = jobs.CreateJob(actor, std::move(n), std::nullopt);
    if (!created) return Fail(created.error());
    if (auto ok =
            MoveTo(jobs, tasks, actor, created->detail, target, now, resources, dice, running);
        !ok) {
      return Fail(Error(ok.error()).WithDetail("job_number", created->detail.job.job_number));
    }
    ++summary.jobs;
    summary.tasks += task_count;
  }
  return {};
}

}  // namespace takt::service
