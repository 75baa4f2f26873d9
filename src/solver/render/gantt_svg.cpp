#include "solver/render/gantt_svg.hpp"

#include <algorithm>
#include <cstdio>

namespace takt::solver {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Num(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

// A readable colour per job: hues spread by the golden angle.
std::string JobColour(int job, int lightness) {
  const int hue = static_cast<int>((static_cast<long long>(job) * 137) % 360);
  return "hsl(" + std::to_string(hue) + ",65%," + std::to_string(lightness) + "%)";
}

std::string Clock(Minutes t) {
  const Minutes day = t / 1440;
  const Minutes minute = t % 1440;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "day %lld %02lld:%02lld", static_cast<long long>(day),
                static_cast<long long>(minute / 60), static_cast<long long>(minute % 60));
  return buffer;
}

}  // namespace

std::string GanttSvg(const Problem& problem, const Schedule& schedule, const std::string& title) {
  const double left = 110;
  const double top = 50;
  const double row_height = 26;
  const double width = 1400;
  Minutes from = 0;
  Minutes to = 1;
  for (const Assignment& a : schedule.assignments) {
    from = std::min(from, a.setup_start);
    to = std::max(to, a.end);
  }
  const double span = static_cast<double>(to - from);
  const double scale = width / span;
  auto x = [&](Minutes t) { return left + static_cast<double>(t - from) * scale; };
  const std::size_t rows = problem.machines.size();
  const double height = top + row_height * static_cast<double>(rows) + 30;

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Num(left + width + 20) +
                    "\" height=\"" + Num(height) +
                    "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">" +
         Escape(title.empty() ? problem.name : title) + "</text>\n";
  // Time axis: about ten ticks at a round step.
  const Minutes steps[] = {1,   5,   10,   15,   30,    60,    120,  240,
                           480, 720, 1440, 2880, 10080, 20160, 40320};
  Minutes step = steps[0];
  for (Minutes s : steps) {
    step = s;
    if (span / static_cast<double>(s) <= 12) break;
  }
  for (Minutes t = (from / step) * step; t <= to; t += step) {
    if (t < from) continue;
    svg += "<line x1=\"" + Num(x(t)) + "\" y1=\"" + Num(top - 5) + "\" x2=\"" + Num(x(t)) +
           "\" y2=\"" + Num(height - 30) + "\" stroke=\"#ddd\"/>\n";
    const std::string label = step >= 60 || to > 1440 ? Clock(t) : std::to_string(t) + " min";
    svg += "<text x=\"" + Num(x(t) + 2) + "\" y=\"" + Num(top - 10) + "\" fill=\"#555\">" + label +
           "</text>\n";
  }
  for (std::size_t m = 0; m < rows; ++m) {
    const double y = top + row_height * static_cast<double>(m);
    if (m % 2 == 0) {
      svg += "<rect x=\"" + Num(left) + "\" y=\"" + Num(y) + "\" width=\"" + Num(width) +
             "\" height=\"" + Num(row_height) + "\" fill=\"#f6f6f6\"/>\n";
    }
    svg += "<text x=\"10\" y=\"" + Num(y + row_height * 0.65) + "\">" +
           Escape(problem.machines[m].code) + "</text>\n";
  }
  for (std::size_t o = 0; o < schedule.assignments.size() && o < problem.operations.size(); ++o) {
    const Assignment& a = schedule.assignments[o];
    if (a.machine < 0 || a.machine >= static_cast<int>(rows)) continue;
    const Operation& op = problem.operations[o];
    const double y = top + row_height * a.machine + 3;
    const double h = row_height - 6;
    std::string tip = "job " + problem.jobs[op.job].code + ", operation " + op.code + "\nsetup " +
                      Clock(a.setup_start) + ", run " + Clock(a.run_start) + " to " + Clock(a.end);
    if (!a.operators.empty()) {
      tip += "\noperators:";
      for (int p : a.operators) tip += " " + problem.operators[p].code;
    }
    svg += "<g><title>" + Escape(tip) + "</title>";
    if (a.run_start > a.setup_start) {
      svg += "<rect x=\"" + Num(x(a.setup_start)) + "\" y=\"" + Num(y) + "\" width=\"" +
             Num(std::max(0.5, x(a.run_start) - x(a.setup_start))) + "\" height=\"" + Num(h) +
             "\" fill=\"" + JobColour(op.job, 82) + "\" stroke=\"#666\" stroke-width=\"0.3\"/>";
    }
    const double bar = std::max(0.5, x(a.end) - x(a.run_start));
    svg += "<rect x=\"" + Num(x(a.run_start)) + "\" y=\"" + Num(y) + "\" width=\"" + Num(bar) +
           "\" height=\"" + Num(h) + "\" fill=\"" + JobColour(op.job, 55) +
           "\" stroke=\"#333\" stroke-width=\"0.3\"/>";
    if (bar > 7.0 * static_cast<double>(op.code.size())) {
      svg += "<text x=\"" + Num(x(a.run_start) + 2) + "\" y=\"" + Num(y + h * 0.72) +
             "\" fill=\"white\">" + Escape(op.code) + "</text>";
    }
    svg += "</g>\n";
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace takt::solver
