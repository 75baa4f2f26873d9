#include "solver/shop/shop_instance.hpp"

namespace takt::solver {

int ShopInstance::OperationCount() const {
  int count = 0;
  for (const ShopJob& job : jobs) count += static_cast<int>(job.operations.size());
  return count;
}

}  // namespace takt::solver
