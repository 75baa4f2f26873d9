// ProblemBuilder: a compact way to assemble a Problem in code (tests, generators, the service's
// mapping from stored entities). Every Add* returns the dense index of what it added. Jobs get the
// default route: each operation added to a job follows the previous one with a zero-lag FS link
// unless `chain` is false. The builder does no validation; run Validate() on the result.
// Not thread-safe (a plain builder); the Problem it returns is a value.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "solver/model/problem.hpp"

namespace takt::solver {

class ProblemBuilder {
 public:
  int AddCalendar(std::string code, std::vector<Interval> working);
  int AddSkill(std::string code);
  int AddWorkCenter(std::string code, int wip_limit);
  int AddSetupMatrix(std::string code, int family_count, std::vector<Minutes> minutes);
  int AddMachine(std::string code, int calendar = -1, int work_center = -1, int setup_matrix = -1);
  int AddOperator(std::string code, int calendar, std::vector<OperatorSkill> skills,
                  double cost_per_minute = 0.0);
  int AddJob(std::string code, Minutes release = 0, Minutes due = kNoTime, double weight = 1.0);
  // An operation of `job` with one mode on `machine`.
  int AddOperation(int job, std::string code, int machine, Minutes setup, Minutes run,
                   bool chain = true);
  Mode& ModeOf(int op, int mode = 0) { return problem_.operations[op].modes[mode]; }
  Operation& OperationAt(int op) { return problem_.operations[op]; }
  void Link(int before, int after, LinkType type = LinkType::kFinishStart, Minutes min_lag = 0,
            Minutes max_lag = kNoTime);

  const Problem& problem() const { return problem_; }
  Problem Build() && { return std::move(problem_); }

 private:
  Problem problem_;
};

}  // namespace takt::solver
