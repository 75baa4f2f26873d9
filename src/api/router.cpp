#include "api/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace takt::api {

namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  // The leading '/' is required by callers; an empty path has no segments.
  std::size_t pos = path.empty() || path.front() != '/' ? 0 : 1;
  while (pos <= path.size()) {
    const std::size_t next = path.find('/', pos);
    if (next == std::string_view::npos) {
      parts.push_back(path.substr(pos));
      break;
    }
    parts.push_back(path.substr(pos, next - pos));
    pos = next + 1;
  }
  return parts;
}

bool ValidParamName(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

Router::Pattern Router::Compile(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    throw std::invalid_argument("route path must start with '/': " + std::string(path));
  }
  Pattern pattern;
  for (std::string_view part : SplitPath(path)) {
    Segment segment;
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      segment.is_param = true;
      segment.text = std::string(part.substr(1, part.size() - 2));
      if (!ValidParamName(segment.text)) {
        throw std::invalid_argument("bad path parameter in route: " + std::string(path));
      }
    } else {
      if (part.find_first_of("{}") != std::string_view::npos) {
        throw std::invalid_argument("bad route segment: " + std::string(path));
      }
      segment.text = std::string(part);
      ++pattern.literal_count;
    }
    pattern.segments.push_back(std::move(segment));
  }
  return pattern;
}

void Router::Add(RouteSpec spec) {
  if (!spec.handler) throw std::invalid_argument("route without handler: " + spec.path);
  if (spec.summary.empty()) throw std::invalid_argument("route without summary: " + spec.path);
  if (spec.method.empty()) throw std::invalid_argument("route without method: " + spec.path);
  for (const RouteSpec& existing : routes_) {
    if (existing.method == spec.method && existing.path == spec.path) {
      throw std::invalid_argument("duplicate route: " + spec.method + " " + spec.path);
    }
  }
  Pattern pattern = Compile(spec.path);
  routes_.push_back(std::move(spec));
  patterns_.push_back(std::move(pattern));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  if (path.empty() || path.front() != '/') return match;
  const std::vector<std::string_view> parts = SplitPath(path);
  const std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;

  // Among the patterns matching the path, the most specific shape (most literal segments, earliest
  // literal wins on ties) is the resource; other shapes are different resources only if they have
  // the same specificity.
  int best_literals = -1;
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < patterns_.size(); ++i) {
    const Pattern& pattern = patterns_[i];
    if (pattern.segments.size() != parts.size()) continue;
    bool ok = true;
    for (std::size_t s = 0; s < parts.size() && ok; ++s) {
      const Segment& segment = pattern.segments[s];
      if (segment.is_param) {
        ok = !parts[s].empty();
      } else {
        ok = segment.text == parts[s];
      }
    }
    if (!ok) continue;
    if (pattern.literal_count > best_literals) {
      best_literals = pattern.literal_count;
      candidates.clear();
    }
    if (pattern.literal_count == best_literals) candidates.push_back(i);
  }
  if (candidates.empty()) return match;

  // A literal segment beats a parameter at the same position: keep only the candidates whose
  // leftmost literal positions are the most specific, then look for the method.
  auto shape = [&](std::size_t i) {
    std::string s;
    for (const Segment& seg : patterns_[i].segments) s += seg.is_param ? '1' : '0';
    return s;
  };
  std::string best_shape = shape(candidates.front());
  for (std::size_t i : candidates) best_shape = std::min(best_shape, shape(i));
  std::erase_if(candidates, [&](std::size_t i) { return shape(i) != best_shape; });

  for (std::size_t i : candidates) {
    const RouteSpec& route = routes_[i];
    if (route.method == wanted) {
      match.kind = MatchKind::kFound;
      match.route = &route;
      const Pattern& pattern = patterns_[i];
      for (std::size_t s = 0; s < parts.size(); ++s) {
        if (pattern.segments[s].is_param) {
          match.path_params.emplace(pattern.segments[s].text, std::string(parts[s]));
        }
      }
      return match;
    }
    match.allowed_methods.push_back(route.method);
  }
  match.kind = MatchKind::kMethodNotAllowed;
  std::sort(match.allowed_methods.begin(), match.allowed_methods.end());
  match.allowed_methods.erase(
      std::unique(match.allowed_methods.begin(), match.allowed_methods.end()),
      match.allowed_methods.end());
  if (std::find(match.allowed_methods.begin(), match.allowed_methods.end(), "GET") !=
      match.allowed_methods.end()) {
    match.allowed_methods.push_back("HEAD");
  }
  return match;
}

}  // namespace takt::api
