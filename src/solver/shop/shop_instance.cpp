#include "solver/shop/shop_instance.hpp"

#include <set>

namespace takt::solver {

int ShopInstance::OperationCount() const {
  int count = 0;
  for (const ShopJob& job : jobs) count += static_cast<int>(job.operations.size());
  return count;
}

Result<void> CheckShopInstance(const ShopInstance& instance) {
  std::vector<FieldError> errors;
  if (instance.machine_count < 0) {
    errors.push_back({"machine_count", "must be >= 0"});
  }
  for (std::size_t j = 0; j < instance.jobs.size(); ++j) {
    const auto& operations = instance.jobs[j].operations;
    for (std::size_t o = 0; o < operations.size(); ++o) {
      const std::string path =
          "jobs[" + std::to_string(j) + "].operations[" + std::to_string(o) + "]";
      const auto& options = operations[o].options;
      if (options.empty()) errors.push_back({path + ".options", "needs at least one option"});
      std::set<int> machines;
      for (std::size_t k = 0; k < options.size(); ++k) {
        const std::string at = path + ".options[" + std::to_string(k) + "]";
        if (options[k].machine < 0 || options[k].machine >= instance.machine_count) {
          errors.push_back({at + ".machine", "must be in [0, machine_count)"});
        } else if (!machines.insert(options[k].machine).second) {
          errors.push_back({at + ".machine", "is listed twice for this operation"});
        }
        if (options[k].duration < 0) errors.push_back({at + ".duration", "must be >= 0"});
      }
    }
  }
  if (!errors.empty()) {
    return Fail(Error::InvalidArgument("the shop instance is malformed", std::move(errors)));
  }
  return {};
}

}  // namespace takt::solver
