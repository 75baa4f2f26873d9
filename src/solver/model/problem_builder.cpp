#include "solver/model/problem_builder.hpp"

namespace takt::solver {

int ProblemBuilder::AddCalendar(std::string code, std::vector<Interval> working) {
  problem_.calendars.push_back(Calendar{std::move(code), std::move(working)});
  return static_cast<int>(problem_.calendars.size()) - 1;
}

int ProblemBuilder::AddSkill(std::string code) {
  problem_.skills.push_back(Skill{std::move(code)});
  return static_cast<int>(problem_.skills.size()) - 1;
}

int ProblemBuilder::AddWorkCenter(std::string code, int wip_limit) {
  problem_.work_centers.push_back(WorkCenter{std::move(code), wip_limit});
  return static_cast<int>(problem_.work_centers.size()) - 1;
}

int ProblemBuilder::AddSetupMatrix(std::string code, int family_count,
                                   std::vector<Minutes> minutes) {
  problem_.setup_matrices.push_back(SetupMatrix{std::move(code), family_count, std::move(minutes)});
  return static_cast<int>(problem_.setup_matrices.size()) - 1;
}

int ProblemBuilder::AddMachine(std::string code, int calendar, int work_center, int setup_matrix) {
  problem_.machines.push_back(Machine{std::move(code), work_center, calendar, setup_matrix});
  return static_cast<int>(problem_.machines.size()) - 1;
}

int ProblemBuilder::AddOperator(std::string code, int calendar, std::vector<OperatorSkill> skills,
                                double cost_per_minute) {
  problem_.operators.push_back(
      Operator{std::move(code), calendar, std::move(skills), cost_per_minute});
  return static_cast<int>(problem_.operators.size()) - 1;
}

int ProblemBuilder::AddJob(std::string code, Minutes release, Minutes due, double weight) {
  Job job;
  job.code = std::move(code);
  job.release = release;
  job.due = due;
  job.weight = weight;
  problem_.jobs.push_back(std::move(job));
  return static_cast<int>(problem_.jobs.size()) - 1;
}

int ProblemBuilder::AddOperation(int job, std::string code, int machine, Minutes setup, Minutes run,
                                 bool chain) {
  Operation op;
  op.code = std::move(code);
  op.job = job;
  Mode mode;
  mode.machine = machine;
  mode.setup = setup;
  mode.run = run;
  op.modes.push_back(std::move(mode));
  const int index = static_cast<int>(problem_.operations.size());
  problem_.operations.push_back(std::move(op));
  auto& route = problem_.jobs[job].operations;
  if (chain && !route.empty()) Link(route.back(), index);
  route.push_back(index);
  return index;
}

void ProblemBuilder::Link(int before, int after, LinkType type, Minutes min_lag, Minutes max_lag) {
  problem_.precedences.push_back(Precedence{before, after, type, min_lag, max_lag});
}

}  // namespace takt::solver
