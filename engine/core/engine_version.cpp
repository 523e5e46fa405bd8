#include "core/version.h"

namespace peregrine {
const char* engineVersion() {
    return PEREGRINE_VERSION;
}
}  // namespace peregrine
