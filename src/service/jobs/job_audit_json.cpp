#include "service/jobs/job_audit_json.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>

namespace takt::service {
namespace {

// A tiny writer for flat JSON objects with nested arrays; enough for audit images.
class JsonText {
 public:
  JsonText& Key(const char* key) {
    Separate();
    out_ += '"';
    out_ += key;
    out_ += "\":";
    fresh_ = true;
    return *this;
  }
  JsonText& String(const std::string& value) {
    Separate();
    out_ += '"';
    for (char c : value) {
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
            out_ += buffer;
          } else {
            out_ += c;
          }
      }
    }
    out_ += '"';
    return *this;
  }
  JsonText& Int(std::int64_t value) { return Raw(std::to_string(value)); }
  // The shortest text that reads back as the same double (the audit image is exact), as the API
  // writes it; JSON has no NaN or infinity (validation rejects them before here).
  JsonText& Double(double value) {
    if (!std::isfinite(value)) return Null();
    std::array<char, 32> buffer{};
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return Raw(std::string(buffer.data(), error == std::errc() ? end : buffer.data()));
  }
  JsonText& Bool(bool value) { return Raw(value ? "true" : "false"); }
  JsonText& Null() { return Raw("null"); }
  JsonText& Time(std::optional<Instant> at) { return at ? String(FormatInstant(*at)) : Null(); }
  JsonText& OptInt(std::optional<std::int64_t> value) { return value ? Int(*value) : Null(); }
  JsonText& Open(char bracket) {
    Separate();
    out_ += bracket;
    fresh_ = true;
    return *this;
  }
  JsonText& Close(char bracket) {
    out_ += bracket;
    fresh_ = false;
    return *this;
  }
  std::string Take() { return std::move(out_); }

 private:
  JsonText& Raw(const std::string& text) {
    Separate();
    out_ += text;
    return *this;
  }
  void Separate() {
    if (!fresh_) out_ += ',';
    fresh_ = false;
  }
  std::string out_;
  bool fresh_ = true;
};

}  // namespace

std::string JobAuditJson(const Job& job) {
  JsonText j;
  j.Open('{');
  j.Key("id").String(job.id.ToString());
  j.Key("job_number").String(job.job_number);
  j.Key("customer_name").String(job.customer_name);
  j.Key("part_number").String(job.part_number);
  j.Key("quantity").Int(job.quantity);
  j.Key("priority").String(JobPriorityName(job.priority));
  j.Key("release_date").Time(job.release_date);
  j.Key("due_date").Time(job.due_date);
  j.Key("status").String(JobStatusName(job.status));
  j.Key("notes").String(job.notes);
  j.Key("compliance_requirements").Open('[');
  for (const std::string& tag : job.compliance_requirements) j.String(tag);
  j.Close(']');
  j.Key("version").Int(job.version);
  j.Close('}');
  return j.Take();
}

std::string TaskAuditJson(const Task& task) {
  JsonText j;
  j.Open('{');
  j.Key("id").String(task.id.ToString());
  j.Key("job_id").String(task.job_id.ToString());
  j.Key("sequence").Int(task.sequence);
  j.Key("name").String(task.name);
  j.Key("operation_code").String(task.operation_code);
  j.Key("setup_minutes").Int(task.setup_minutes);
  j.Key("run_minutes_per_unit").Double(task.run_minutes_per_unit);
  j.Key("fixed_duration_minutes").OptInt(task.fixed_duration_minutes);
  j.Key("modes").Open('[');
  for (const TaskMode& mode : task.modes) {
    j.Open('{');
    if (mode.machine_id) j.Key("machine_id").String(mode.machine_id->ToString());
    if (mode.work_center_id) j.Key("work_center_id").String(mode.work_center_id->ToString());
    j.Key("setup_minutes").Int(mode.setup_minutes);
    j.Key("run_minutes").Double(mode.run_minutes);
    j.Key("operators").Open('[');
    for (const OperatorRequirement& req : mode.operators) {
      j.Open('{');
      j.Key("skill_id").String(req.skill_id.ToString());
      j.Key("min_level").Int(req.min_level);
      j.Key("count").Int(req.count);
      j.Key("attendance").String(AttendanceName(req.attendance));
      j.Close('}');
    }
    j.Close(']');
    j.Close('}');
  }
  j.Close(']');
  j.Key("predecessors").Open('[');
  for (const PrecedenceLink& link : task.predecessors) {
    j.Open('{');
    j.Key("sequence").Int(link.predecessor_sequence);
    j.Key("type").String(PrecedenceTypeName(link.type));
    j.Key("min_lag").Int(link.min_lag_minutes);
    j.Key("max_lag").OptInt(link.max_lag_minutes);
    j.Close('}');
  }
  j.Close(']');
  j.Key("setup_family").String(task.setup_family);
  j.Key("interruptible").Bool(task.interruptible);
  j.Key("pinned").Bool(task.pinned);
  j.Key("status").String(TaskStatusName(task.status));
  j.Key("actual_machine_id")
      .String(task.actuals.machine_id ? task.actuals.machine_id->ToString() : "");
  j.Key("actual_operator_ids").Open('[');
  for (const OperatorId& op : task.actuals.operator_ids) j.String(op.ToString());
  j.Close(']');
  j.Key("actual_start").Time(task.actuals.start);
  j.Key("actual_end").Time(task.actuals.end);
  j.Key("produced_quantity").OptInt(task.actuals.produced_quantity);
  j.Key("scrap_quantity").OptInt(task.actuals.scrap_quantity);
  j.Key("quality_notes").String(task.actuals.quality_notes);
  j.Key("failure_reason").String(task.actuals.failure_reason);
  j.Key("version").Int(task.version);
  j.Close('}');
  return j.Take();
}

}  // namespace takt::service
