// Reader for classic job-shop (JSSP) benchmark files in the standard (Taillard/OR-Library body)
// format: the first line holds `n m` (jobs, machines); then one line per job lists m
// `machine duration` pairs in route order, machines 0-based. The result is a ShopInstance with one
// option per operation.
//
// ParseJssp works on text and does no I/O; ReadJsspFile is the one small file-reading wrapper in
// the solver layer (std::ifstream), kept here so that benchmark tools and the CLI share it.
// Malformed input yields an InvalidArgument error naming the line and what was expected; nothing
// throws. Both functions are thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "solver/shop/shop_instance.hpp"

namespace takt::solver {

Result<ShopInstance> ParseJssp(std::string_view text, std::string name);
Result<ShopInstance> ReadJsspFile(const std::string& path);

// Reads a whole file into a string; NotFound when it cannot be opened. Shared by the readers.
Result<std::string> ReadInstanceText(const std::string& path);

// The file name without directories and extension ("bench/instances/jssp/ft06.txt" -> "ft06").
std::string InstanceNameFromPath(const std::string& path);

}  // namespace takt::solver
