#include "api/handlers/schedule_insight_handlers.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "api/handlers/job_dto.hpp"
#include "api/handlers/schedule_dto.hpp"
#include "api/json_reader.hpp"
#include "core/permissions.hpp"
#include "service/scheduling/schedule_insight.hpp"

namespace takt::api {

namespace json = boost::json;

namespace {

json::value LoadsDto(const std::vector<service::ResourceLoad>& loads) {
  json::array out;
  for (const auto& l : loads) {
    out.push_back(json::object{{"id", l.id},
                               {"code", l.code},
                               {"busy_minutes", l.busy_minutes},
                               {"available_minutes", l.available_minutes},
                               {"utilization_percent", l.utilization_percent},
                               {"tasks", l.tasks}});
  }
  return out;
}

json::value AnalyticsDto(const service::ScheduleAnalytics& a) {
  json::array centers;
  for (const auto& c : a.work_centers) {
    centers.push_back(json::object{
        {"id", c.id}, {"code", c.code}, {"wip_limit", c.wip_limit}, {"peak_jobs", c.peak_jobs}});
  }
  json::array jobs;
  for (const auto& j : a.jobs) {
    jobs.push_back(json::object{{"job_id", j.job_id.ToString()},
                                {"job_number", j.job_number},
                                {"due_date", FormatInstant(j.due)},
                                {"planned_end", FormatInstant(j.planned_end)},
                                {"tardiness_minutes", j.tardiness_minutes},
                                {"late", j.tardiness_minutes > 0}});
  }
  json::object kpis = KpisDto(a.kpis).as_object();
  kpis["average_machine_utilization_percent"] = a.average_machine_utilization;
  return json::object{
      {"kpis", std::move(kpis)},
      {"plan_start", a.plan_start ? json::value(FormatInstant(*a.plan_start)) : json::value()},
      {"plan_end", a.plan_end ? json::value(FormatInstant(*a.plan_end)) : json::value()},
      {"machine_utilization", LoadsDto(a.machines)},
      {"operator_utilization", LoadsDto(a.operators)},
      {"wip_by_work_center", std::move(centers)},
      {"jobs", std::move(jobs)}};
}

Result<service::ScheduleService::PlannedShop> Load(service::ScheduleService& schedules,
                                                   const Request& request) {
  auto id = PathId(request, "schedule");
  if (!id) return Fail(id.error());
  return schedules.LoadPlannedShop(ScheduleId{*id});
}

json::value MoveDto(const service::TaskMove& m) {
  auto side = [](const std::optional<ScheduleAssignment>& a) -> json::value {
    if (!a) return nullptr;
    return json::object{{"machine_id", a->machine_id.ToString()},
                        {"setup_start", FormatInstant(a->setup_start)},
                        {"end", FormatInstant(a->end)}};
  };
  return json::object{{"task_id", m.task_id.ToString()},
                      {"before", side(m.before)},
                      {"after", side(m.after)},
                      {"shift_minutes", m.shift_minutes},
                      {"machine_changed", m.machine_changed}};
}

Response Compare(service::ScheduleService& schedules, Request& request) {
  auto body = JsonReader::Parse(request.body);
  auto ids = body.Required<std::vector<ScheduleId>>("schedule_ids");
  body.RejectUnknownFields();
  if (ids) {
    body.Check(ids->size() >= 2 && ids->size() <= 10, "schedule_ids",
               "must name 2 to 10 schedules");
  }
  if (auto ok = body.Finish(); !ok) return ErrorResponse(ok.error(), request.request_id);
  json::array rows;
  std::vector<Schedule> loaded;
  for (ScheduleId id : *ids) {
    auto shop = schedules.LoadPlannedShop(id);
    if (!shop) return ErrorResponse(shop.error(), request.request_id);
    const auto analytics = service::Analyze(shop->schedule, shop->snapshot);
    const Schedule& s = shop->schedule;
    rows.push_back(
        json::object{{"schedule_id", s.id.ToString()},
                     {"name", s.name},
                     {"objective", s.objective},
                     {"status", ScheduleStatusName(s.status)},
                     {"makespan_hours", s.kpis.makespan_minutes / 60.0},
                     {"resource_utilization_percent", analytics.average_machine_utilization},
                     {"total_tardiness_hours", s.kpis.total_tardiness_minutes / 60.0},
                     {"late_jobs", s.kpis.late_jobs},
                     {"total_setup_minutes", s.kpis.total_setup_minutes},
                     {"priority_score", s.kpis.weighted_tardiness},
                     {"fallback", s.fallback}});
    loaded.push_back(shop->schedule);
  }
  json::object out{{"schedules", std::move(rows)}};
  if (loaded.size() == 2) {
    const auto diff = service::DiffPlans(loaded[0], loaded[1]);
    json::array moves;
    for (const auto& m : diff.moves) moves.push_back(MoveDto(m));
    out["diff"] = json::object{{"tasks_changed", diff.moves.size()},
                               {"tasks_unchanged", diff.unchanged},
                               {"churn_minutes", diff.churn_minutes},
                               {"tasks", std::move(moves)}};
  }
  return JsonResponse(200, out);
}

}  // namespace

void RegisterScheduleInsightRoutes(Router& router, service::ScheduleService& schedules) {
  namespace p = permission;
  auto* s = &schedules;
  router.Add({.method = "POST",
              .path = "/api/v1/schedules/compare",
              .permission = p::kSchedulesRead,
              .summary = "Compare schedules: KPIs side by side and a task-level diff of two",
              .tag = "Schedules",
              .handler = [s](Request& r) { return Compare(*s, r); }});
  router.Add({.method = "GET",
              .path = "/api/v1/schedules/{id}/analytics",
              .permission = p::kSchedulesRead,
              .summary = "Makespan, tardiness, utilization, WIP by work center",
              .tag = "Schedules",
              .handler = [s](Request& r) {
                auto shop = Load(*s, r);
                if (!shop) return ErrorResponse(shop.error(), r.request_id);
                return JsonResponse(200,
                                    AnalyticsDto(service::Analyze(shop->schedule, shop->snapshot)));
              }});
  router.Add(
      {.method = "GET",
       .path = "/api/v1/schedules/{id}/report",
       .permission = p::kSchedulesRead,
       .summary = "Schedule report (?format=json|csv)",
       .tag = "Schedules",
       .handler = [s](Request& r) {
         const std::string format(r.Query("format").value_or("json"));
         if (format != "json" && format != "csv") {
           return ErrorResponse(Error::InvalidArgument("unsupported report format",
                                                       {{"format", "must be json or csv"}}),
                                r.request_id);
         }
         auto shop = Load(*s, r);
         if (!shop) return ErrorResponse(shop.error(), r.request_id);
         if (format == "csv") {
           Response response =
               TextResponse(200, service::ReportCsv(shop->schedule, shop->snapshot), "text/csv");
           response.headers.Set("Content-Disposition", "attachment; filename=\"schedule-" +
                                                           shop->schedule.id.ToString() + ".csv\"");
           return response;
         }
         const auto analytics = service::Analyze(shop->schedule, shop->snapshot);
         return JsonResponse(200, json::object{{"schedule", ScheduleDto(shop->schedule, true)},
                                               {"analytics", AnalyticsDto(analytics)},
                                               {"generated_at", FormatInstant(InstantNow())}});
       }});
  router.Add({.method = "GET",
              .path = "/api/v1/schedules/{id}/gantt.svg",
              .permission = p::kSchedulesRead,
              .summary = "The plan as an SVG Gantt chart",
              .tag = "Schedules",
              .handler = [s](Request& r) {
                auto shop = Load(*s, r);
                if (!shop) return ErrorResponse(shop.error(), r.request_id);
                return TextResponse(200, service::GanttSvgOf(shop->schedule, shop->snapshot),
                                    "image/svg+xml");
              }});
  router.Add({.method = "GET",
              .path = "/api/v1/schedules/{id}/recommendations",
              .permission = p::kSchedulesRead,
              .summary = "What would improve the plan",
              .tag = "Schedules",
              .handler = [s](Request& r) {
                auto shop = Load(*s, r);
                if (!shop) return ErrorResponse(shop.error(), r.request_id);
                const auto analytics = service::Analyze(shop->schedule, shop->snapshot);
                json::array items;
                for (const auto& rec : service::Recommend(shop->schedule, analytics)) {
                  items.push_back(json::object{
                      {"kind", rec.kind}, {"severity", rec.severity}, {"message", rec.message}});
                }
                return JsonResponse(200, json::object{{"recommendations", std::move(items)}});
              }});
  router.Add(
      {.method = "GET",
       .path = "/api/v1/schedules/{id}/explain/{task_id}",
       .permission = p::kSchedulesRead,
       .summary = "Why a task starts where it does (the binding constraint)",
       .tag = "Schedules",
       .handler = [s](Request& r) {
         std::int64_t task = 0;
         const std::string_view text = r.PathParam("task_id");
         auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), task);
         if (ec != std::errc() || end != text.data() + text.size() || task <= 0) {
           return ErrorResponse(Error::NotFound("task '" + std::string(text) + "' does not exist"),
                                r.request_id);
         }
         auto shop = Load(*s, r);
         if (!shop) return ErrorResponse(shop.error(), r.request_id);
         auto reasons = service::ExplainPlacement(shop->schedule, shop->snapshot, TaskId{task});
         if (!reasons) return ErrorResponse(reasons.error(), r.request_id);
         const ScheduleAssignment* a = shop->schedule.AssignmentOf(TaskId{task});
         json::array list;
         for (const auto& reason : *reasons) {
           list.push_back(
               json::object{{"constraint", reason.constraint}, {"detail", reason.detail}});
         }
         return JsonResponse(200, json::object{{"task_id", std::to_string(task)},
                                               {"assignment", AssignmentDto(*a)},
                                               {"binding", std::move(list)}});
       }});
}

}  // namespace takt::api
