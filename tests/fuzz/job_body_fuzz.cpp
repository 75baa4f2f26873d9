// libFuzzer target for the job request body (api/handlers/job_dto.hpp with api/json_reader.hpp and
// the job/task validation of core/job_validation.hpp): any byte string must be parsed, reported
// as field errors, validated and rendered back without crashing or reading out of bounds. Build
// and run with tests/fuzz/run-job-body-fuzz [SECONDS]; crashes are kept under tests/fuzz/corpus/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "api/handlers/job_dto.hpp"
#include "core/job_validation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  using takt::api::JsonReader;
  auto body = JsonReader::Parse(input);
  takt::Job job;
  job.job_number = body.Optional<std::string>("job_number").value_or("");
  job.customer_name = body.Optional<std::string>("customer_name").value_or("");
  job.quantity = body.Optional<std::int64_t>("quantity").value_or(1);
  job.release_date = takt::api::ReadInstant(body, "release_date", JsonReader::kOptional);
  job.due_date =
      takt::api::ReadInstant(body, "due_date", JsonReader::kOptional).value_or(takt::Instant{});
  std::vector<takt::Task> tasks;
  body.ForEach("tasks", JsonReader::kOptional,
               [&](JsonReader& t, std::size_t) { tasks.push_back(takt::api::ReadTask(t)); });
  body.RejectUnknownFields();
  const auto parsed = body.Finish();
  // Every reported problem says what is wrong (the field is "" only for a member named "").
  if (!parsed) {
    for (const auto& e : parsed.error().field_errors) {
      if (e.message.empty()) std::abort();
    }
  }
  (void)takt::ValidateJob(job);
  (void)takt::ValidateTaskList(tasks, "tasks");
  for (const takt::Task& task : tasks) (void)takt::api::TaskDto(task, job.quantity);
  // Formatting a parsed instant and parsing it again gives the same instant.
  if (job.release_date) {
    if (takt::ParseInstant(takt::FormatInstant(*job.release_date)) != job.release_date) {
      std::abort();
    }
  }
  return 0;
}
