#include "api/json_reader.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <charconv>
#include <cmath>

namespace takt::api {

// Shared by a root reader and every child it hands out: the parsed document, the accumulated
// errors, and for each object read the member names a getter asked for (for unknown-field checks).
struct JsonReader::State {
  // The document lives in one arena (a request body's tree fits the inline buffer), so parsing
  // costs one allocation instead of one per value and freeing it costs nothing.
  unsigned char buffer[8192];
  boost::json::monotonic_resource arena{buffer, sizeof buffer};
  boost::json::value document = boost::json::value(boost::json::storage_ptr(&arena));
  std::vector<FieldError> errors;
  struct Visit {
    const boost::json::object* object = nullptr;
    std::string path;
    std::vector<bool> seen;  // by member position in `object`
  };
  std::vector<Visit> visits;
  bool reject_unknown = false;
};

JsonReader::JsonReader(std::shared_ptr<State> state, const boost::json::value* object,
                       std::string path)
    : state_(std::move(state)), object_(object), path_(std::move(path)) {
  if (object_ != nullptr) {
    visit_index_ = state_->visits.size();
    const boost::json::object& members = object_->get_object();
    state_->visits.push_back({&members, path_, std::vector<bool>(members.size(), false)});
  }
}

JsonReader JsonReader::Parse(std::string_view body) {
  auto state = std::make_shared<State>();
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    state->errors.push_back({"body", "must be a JSON object (the body is empty)"});
    return JsonReader(state, nullptr, "");
  }
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 64;
  state->document = boost::json::parse(body, ec, state->document.storage(), options);
  if (ec) {
    state->errors.push_back({"body", "is not valid JSON (" + ec.message() + ")"});
    return JsonReader(state, nullptr, "");
  }
  if (!state->document.is_object()) {
    state->errors.push_back({"body", "must be a JSON object"});
    return JsonReader(state, nullptr, "");
  }
  return JsonReader(state, &state->document, "");
}

JsonReader JsonReader::FromValue(boost::json::value value) {
  auto state = std::make_shared<State>();
  state->document = std::move(value);
  if (!state->document.is_object()) {
    state->errors.push_back({"body", "must be a JSON object"});
    return JsonReader(state, nullptr, "");
  }
  return JsonReader(state, &state->document, "");
}

std::string JsonReader::PathOf(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  if (key.empty()) return path_;
  return path_ + "." + std::string(key);
}

void JsonReader::AddError(std::string_view key, std::string message) {
  state_->errors.push_back({PathOf(key), std::move(message)});
}

bool JsonReader::Check(bool condition, std::string_view key, std::string message) {
  if (!condition) AddError(key, std::move(message));
  return condition;
}

void JsonReader::MarkSeen(std::string_view key) {
  if (object_ == nullptr) return;
  const boost::json::object& members = object_->get_object();
  auto it = members.find(key);
  if (it != members.end()) state_->visits[visit_index_].seen[it - members.begin()] = true;
}

bool JsonReader::Has(std::string_view key) const {
  return object_ != nullptr && object_->get_object().contains(key);
}

bool JsonReader::IsNull(std::string_view key) const {
  if (object_ == nullptr) return false;
  const boost::json::value* v = object_->get_object().if_contains(key);
  return v != nullptr && v->is_null();
}

const boost::json::value* JsonReader::Lookup(std::string_view key, Presence presence) {
  if (object_ == nullptr) return nullptr;  // the body itself was bad; already reported
  MarkSeen(key);
  const boost::json::value* v = object_->get_object().if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (presence == kRequired) AddError(key, "is required");
    return nullptr;
  }
  return v;
}

std::optional<std::string> JsonReader::ReadString(const boost::json::value& v,
                                                  std::string_view key) {
  if (!v.is_string()) {
    AddError(key, "must be a string");
    return std::nullopt;
  }
  return std::string(v.get_string());
}

std::optional<bool> JsonReader::ReadBool(const boost::json::value& v, std::string_view key) {
  if (!v.is_bool()) {
    AddError(key, "must be a boolean");
    return std::nullopt;
  }
  return v.get_bool();
}

std::optional<std::int64_t> JsonReader::ReadInt(const boost::json::value& v, std::string_view key,
                                                std::int64_t min, std::int64_t max) {
  std::int64_t value = 0;
  if (v.is_int64()) {
    value = v.get_int64();
  } else if (v.is_uint64()) {
    AddError(key, "is out of range");
    return std::nullopt;
  } else if (v.is_double()) {
    const double d = v.get_double();
    // 3.0 is an integer written with a fraction; 3.5 is not an integer.
    if (std::trunc(d) != d || !std::isfinite(d)) {
      AddError(key, "must be an integer");
      return std::nullopt;
    }
    if (d < -9.2e18 || d > 9.2e18) {
      AddError(key, "is out of range");
      return std::nullopt;
    }
    value = static_cast<std::int64_t>(d);
  } else {
    AddError(key, "must be an integer");
    return std::nullopt;
  }
  if (value < min || value > max) {
    AddError(key, "is out of range");
    return std::nullopt;
  }
  return value;
}

std::optional<double> JsonReader::ReadDouble(const boost::json::value& v, std::string_view key) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  AddError(key, "must be a number");
  return std::nullopt;
}

namespace {
std::optional<std::int64_t> ParseId(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}
}  // namespace

std::optional<std::int64_t> JsonReader::ReadId(const boost::json::value& v, std::string_view key) {
  if (!v.is_string()) {
    AddError(key, "must be an id (a string)");
    return std::nullopt;
  }
  auto id = ParseId(v.get_string());
  if (!id) AddError(key, "is not a valid id");
  return id;
}

std::optional<std::vector<std::string>> JsonReader::ReadStringArray(const boost::json::value& v,
                                                                    std::string_view key) {
  if (!v.is_array()) {
    AddError(key, "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  const auto& array = v.get_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string()) {
      AddError(std::string(key) + "[" + std::to_string(i) + "]", "must be a string");
      ok = false;
      continue;
    }
    out.emplace_back(array[i].get_string());
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<std::int64_t>> JsonReader::ReadIdArray(const boost::json::value& v,
                                                                 std::string_view key) {
  if (!v.is_array()) {
    AddError(key, "must be an array of ids");
    return std::nullopt;
  }
  std::vector<std::int64_t> out;
  bool ok = true;
  const auto& array = v.get_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string element = std::string(key) + "[" + std::to_string(i) + "]";
    auto id = ReadId(array[i], element);
    if (!id) {
      ok = false;
      continue;
    }
    out.push_back(*id);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<JsonReader> JsonReader::Object(std::string_view key, Presence presence) {
  const boost::json::value* v = Lookup(key, presence);
  if (v == nullptr) return std::nullopt;
  if (!v->is_object()) {
    AddError(key, "must be an object");
    return std::nullopt;
  }
  return JsonReader(state_, v, PathOf(key));
}

std::optional<std::size_t> JsonReader::ForEach(
    std::string_view key, Presence presence,
    const std::function<void(JsonReader&, std::size_t)>& each) {
  const boost::json::value* v = Lookup(key, presence);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) {
    AddError(key, "must be an array");
    return std::nullopt;
  }
  const auto& array = v->get_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string element_path = PathOf(key) + "[" + std::to_string(i) + "]";
    if (!array[i].is_object()) {
      state_->errors.push_back({element_path, "must be an object"});
      continue;
    }
    JsonReader child(state_, &array[i], element_path);
    each(child, i);
  }
  return array.size();
}

void JsonReader::RejectUnknownFields() { state_->reject_unknown = true; }

const std::vector<FieldError>& JsonReader::errors() const { return state_->errors; }

bool JsonReader::ok() const { return state_->errors.empty(); }

Result<void> JsonReader::Finish() const {
  std::vector<FieldError> errors = state_->errors;
  if (state_->reject_unknown) {
    for (const State::Visit& visit : state_->visits) {
      for (std::size_t i = 0; i < visit.object->size(); ++i) {
        if (i < visit.seen.size() && visit.seen[i]) continue;
        const auto& member = visit.object->begin()[i];
        const std::string key(member.key());
        errors.push_back(
            {visit.path.empty() ? key : visit.path + "." + key, "is not a known field"});
      }
    }
  }
  if (errors.empty()) return {};
  return Fail(Error::InvalidArgument("The request body is invalid", std::move(errors)));
}

}  // namespace takt::api
