// Reader for flexible job-shop (FJSP) files in Brandimarte's format (also used by the Hurink,
// Kacem and Fattahi sets): the first line holds `n m` and optionally the average flexibility; then
// per job the number of operations and, per operation, `k` followed by `k` pairs
// `machine duration` with machines 1-based. The result is a ShopInstance with 0-based machines.
//
// ParseFjsp works on text and does no I/O; ReadFjspFile wraps it with a file read (std::ifstream,
// see jssp_reader.hpp). Malformed input (truncated, negative, non-numeric, a machine out of range
// or listed twice for one operation, an operation without options) yields an InvalidArgument error
// naming the line and what was expected; nothing throws. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "solver/shop/shop_instance.hpp"

namespace takt::solver {

Result<ShopInstance> ParseFjsp(std::string_view text, std::string name);
Result<ShopInstance> ReadFjspFile(const std::string& path);

}  // namespace takt::solver
