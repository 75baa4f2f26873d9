// `takt solve FILE`: solves a problem file offline with the scheduling engine and prints one
// progress line per improvement, then status, objective, bound, gap and time; optionally writes the
// solution JSON (--out) and an SVG Gantt chart by machine (--svg). FILE is the JSON problem format
// (docs/problem-format.md) or a standard JSSP / FJSP benchmark file (--format, or by extension).
// Ctrl-C cancels the search cooperatively and still writes the best schedule found.
// Exit codes: 0 a schedule was produced; 1 no schedule (infeasible, nothing in time) or a file
// could not be written; 2 bad usage, an unreadable file or an invalid problem.
//
// `takt generate`: writes a random problem in the JSON format (model/problem_generator.hpp), for
// demos and for the scale benchmark (docs/solver.md).
#pragma once

namespace CLI {
class App;
}

namespace takt::app {

void AddSolveCommand(CLI::App& app, int& exit_code);

}  // namespace takt::app
