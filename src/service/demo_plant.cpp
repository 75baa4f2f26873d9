#include "service/demo_plant.hpp"

#include <chrono>

#include "service/demo_plant_jobs.hpp"
#include "service/master_data/master_data_service.hpp"

namespace takt::service {
namespace {

constexpr std::uint32_t kSeed = 20261124;

// ISO weekdays.
constexpr int kMonday = 1;
constexpr int kFriday = 5;
constexpr int kSaturday = 6;

int Minute(int hour, int minute = 0) { return hour * 60 + minute; }

std::string DateText(Instant at) {
  return FormatInstant(std::chrono::floor<std::chrono::days>(at)).substr(0, 10);
}

Calendar TwoShiftCalendar(Instant now) {
  Calendar c;
  c.name = "Two shifts Mon-Fri";
  c.timezone = "UTC";
  for (int day = kMonday; day <= kFriday; ++day) {
    c.shifts.push_back({day, Minute(6), Minute(14)});
    c.shifts.push_back({day, Minute(14), Minute(22)});
    c.breaks.push_back({day, Minute(10), Minute(10, 30)});
    c.breaks.push_back({day, Minute(18), Minute(18, 30)});
  }
  // Holidays: the plant closes around the turn of the year and for a works day three weeks out.
  const auto year = static_cast<int>(
      std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(now)}.year());
  for (const char* day : {"-12-24", "-12-25", "-12-26", "-12-31"}) {
    c.holidays.push_back({std::to_string(year) + day, "Year-end closure"});
  }
  c.holidays.push_back({std::to_string(year + 1) + "-01-01", "New Year"});
  c.holidays.push_back({DateText(now + std::chrono::days{21}), "Works outing"});
  return c;
}

Calendar DayShiftCalendar() {
  Calendar c;
  c.name = "Day shift with Saturday mornings";
  c.timezone = "UTC";
  for (int day = kMonday; day <= kFriday; ++day) {
    c.shifts.push_back({day, Minute(7), Minute(15, 30)});
    c.breaks.push_back({day, Minute(12), Minute(12, 30)});
  }
  c.shifts.push_back({kSaturday, Minute(7), Minute(12)});
  return c;
}

struct MachineSpec {
  const char* code;
  const char* name;
  const char* work_center;
  const char* skill;
  double efficiency;
  int min_level;
  bool attended;
};

constexpr MachineSpec kMachines[] = {
    {"CNC-M1", "5-axis mill DMG 1", "MACH", "CNC_MILL", 1.10, 3, true},
    {"CNC-M2", "5-axis mill DMG 2", "MACH", "CNC_MILL", 1.00, 3, true},
    {"CNC-M3", "3-axis mill Haas 1", "MACH", "CNC_MILL", 0.90, 2, false},
    {"CNC-M4", "3-axis mill Haas 2", "MACH", "CNC_MILL", 0.95, 2, false},
    {"CNC-L1", "CNC lathe Mazak 1", "MACH", "CNC_TURN", 1.05, 2, true},
    {"CNC-L2", "CNC lathe Mazak 2", "MACH", "CNC_TURN", 1.00, 2, true},
    {"WLD-T1", "TIG welding cell", "FAB", "WELD_TIG", 1.00, 3, true},
    {"WLD-M1", "MIG welding robot 1", "FAB", "WELD_MIG", 1.20, 2, false},
    {"WLD-M2", "MIG welding robot 2", "FAB", "WELD_MIG", 1.15, 2, false},
    {"DBR-1", "Deburring station", "FAB", "DEBURR", 1.00, 1, true},
    {"ASM-1", "Assembly bench", "ASSY", "ASSEMBLY", 1.00, 2, true},
    {"CMM-1", "Coordinate measuring machine", "ASSY", "INSPECTION", 1.00, 3, true},
};

constexpr const char* kOperatorNames[] = {
    "Ana Silva",    "Ben Okafor",   "Chen Wei",     "Dara Novak",   "Elif Yilmaz",
    "Femi Adeyemi", "Greta Holm",   "Hiro Tanaka",  "Ines Duarte",  "Jonas Berg",
    "Kofi Mensah",  "Lena Fischer", "Mateo Rossi",  "Nadia Haddad", "Oskar Lind",
    "Priya Raman",  "Quinn Murphy", "Rosa Delgado", "Sven Aalto",   "Tariq Aziz",
};

// The skills of operator i: a primary craft at level 3-5 and a secondary one at level 1-3.
constexpr const char* kCrafts[] = {"CNC_MILL", "CNC_TURN",   "WELD_TIG", "WELD_MIG",
                                   "ASSEMBLY", "INSPECTION", "DEBURR"};

template <typename E>
Result<int> CountOf(MasterDataService<E>& service) {
  storage::ListQuery query;
  query.limit = 1;
  auto page = service.List(query);
  if (!page) return Fail(page.error());
  return static_cast<int>(page->total);
}

}  // namespace

Result<DemoSummary> LoadDemoPlant(const DemoPlantDeps& deps, const Actor& actor, Instant now) {
  MasterDataStores stores = deps.master_data;
  MasterDataService<Skill> skills(stores);
  MasterDataService<Calendar> calendars(stores);
  MasterDataService<WorkCenter> centers(stores);
  MasterDataService<Machine> machines(stores);
  MasterDataService<Operator> operators(stores);

  DemoSummary summary;
  auto machine_count = CountOf(machines);
  if (!machine_count) return Fail(machine_count.error());
  storage::JobFilter any_job;
  any_job.limit = 1;
  auto job_page = deps.jobs.ListJobs(any_job);
  if (!job_page) return Fail(job_page.error());
  if (*machine_count > 0 || job_page->total > 0) {
    summary.skipped = true;
    summary.reason = "the database already holds " + std::to_string(*machine_count) +
                     " machines and " + std::to_string(job_page->total) +
                     " jobs; the demo plant is loaded only into an empty plant";
    return summary;
  }

  std::map<std::string, SkillId> skill_ids;
  const std::pair<const char*, const char*> kSkills[] = {
      {"CNC_MILL", "CNC milling"}, {"CNC_TURN", "CNC turning"},
      {"WELD_TIG", "TIG welding"}, {"WELD_MIG", "MIG welding"},
      {"ASSEMBLY", "Assembly"},    {"INSPECTION", "Quality inspection"},
      {"DEBURR", "Deburring"},     {"PAINT", "Painting and coating"}};
  for (const auto& [code, name] : kSkills) {
    Skill s;
    s.code = code;
    s.name = name;
    auto stored = skills.Create(actor, s);
    if (!stored) return Fail(stored.error());
    skill_ids[code] = stored->id;
    ++summary.skills;
  }

  auto two_shift = calendars.Create(actor, TwoShiftCalendar(now));
  if (!two_shift) return Fail(two_shift.error());
  auto day_shift = calendars.Create(actor, DayShiftCalendar());
  if (!day_shift) return Fail(day_shift.error());
  summary.calendars = 2;

  DemoResources resources;
  const std::tuple<const char*, const char*, int, CalendarId> kCenters[] = {
      {"MACH", "Machining", 6, two_shift->id},
      {"FAB", "Fabrication and welding", 4, two_shift->id},
      {"ASSY", "Assembly and quality", 5, day_shift->id}};
  for (const auto& [code, name, wip, calendar] : kCenters) {
    WorkCenter wc;
    wc.code = code;
    wc.name = name;
    wc.wip_limit = wip;
    wc.calendar_id = calendar;
    auto stored = centers.Create(actor, wc);
    if (!stored) return Fail(stored.error());
    resources.work_centers[code] = stored->id;
    ++summary.work_centers;
  }

  for (const MachineSpec& spec : kMachines) {
    Machine m;
    m.code = spec.code;
    m.name = spec.name;
    m.work_center_id = resources.work_centers.at(spec.work_center);
    m.efficiency = spec.efficiency;
    m.attended = spec.attended;
    m.calendar_id = std::string(spec.work_center) == "ASSY" ? day_shift->id : two_shift->id;
    m.required_skills.push_back({skill_ids.at(spec.skill), spec.min_level});
    if (std::string(spec.code).rfind("CNC-M", 0) == 0) {
      m.setup_matrix = {{"ALU", "STEEL", 45},      {"STEEL", "ALU", 25},
                        {"ALU", "TITANIUM", 60},   {"TITANIUM", "ALU", 30},
                        {"STEEL", "TITANIUM", 40}, {"TITANIUM", "STEEL", 35}};
    }
    if (std::string(spec.code) == "CNC-M4") {
      m.status = MachineStatus::kMaintenance;
      Downtime d;
      d.kind = DowntimeKind::kPlanned;
      d.start = std::chrono::floor<std::chrono::days>(now) + std::chrono::hours{6};
      d.end = d.start + std::chrono::hours{16};
      d.reason = "Spindle bearing replacement";
      m.downtimes.push_back(d);
    }
    auto stored = machines.Create(actor, m);
    if (!stored) return Fail(stored.error());
    resources.machines[spec.code] = stored->id;
    ++summary.machines;
  }

  const std::string certified = DateText(now - std::chrono::days{400});
  const std::string expires = DateText(now + std::chrono::days{330});
  for (int i = 0; i < 20; ++i) {
    Operator op;
    char employee[16];
    std::snprintf(employee, sizeof employee, "EMP-%03d", i + 1);
    op.employee_id = employee;
    op.name = kOperatorNames[i];
    op.status = i == 13 ? OperatorStatus::kAbsent : OperatorStatus::kActive;
    op.calendar_id = i % 5 == 4 ? day_shift->id : two_shift->id;
    const char* primary = kCrafts[i % 7];
    const char* secondary = kCrafts[(i * 3 + 2) % 7];
    op.skills.push_back({skill_ids.at(primary), 3 + (i % 3), certified, expires});
    if (std::string(secondary) != primary) {
      // Every fifth operator's secondary certificate has lapsed: it no longer counts.
      const std::string until = i % 5 == 0 ? DateText(now - std::chrono::days{10}) : expires;
      op.skills.push_back({skill_ids.at(secondary), 1 + (i % 3), certified, until});
    }
    if (i == 2 || i == 9) op.skills.push_back({skill_ids.at("PAINT"), 2, certified, expires});
    if (i == 13) {
      Absence a;
      a.kind = AbsenceKind::kAbsence;
      a.start = std::chrono::floor<std::chrono::days>(now) - std::chrono::days{2};
      a.end = a.start + std::chrono::days{9};
      a.reason = "Parental leave";
      op.absences.push_back(a);
    }
    auto stored = operators.Create(actor, op);
    if (!stored) return Fail(stored.error());
    if (op.status == OperatorStatus::kActive) {
      resources.operators_by_skill[primary].push_back(stored->id);
    }
    ++summary.operators;
  }

  if (auto ok = LoadDemoJobs(deps.jobs, deps.tasks, actor, now, resources, kSeed, summary); !ok) {
    return Fail(ok.error());
  }
  return summary;
}

std::string DescribeDemoSummary(const DemoSummary& s) {
  if (s.skipped) return "demo plant not loaded: " + s.reason;
  return "demo plant loaded: " + std::to_string(s.skills) + " skills, " +
         std::to_string(s.calendars) + " calendars, " + std::to_string(s.work_centers) +
         " work centers, " + std::to_string(s.machines) + " machines, " +
         std::to_string(s.operators) + " operators, " + std::to_string(s.jobs) + " jobs with " +
         std::to_string(s.tasks) + " tasks";
}

}  // namespace takt::service
