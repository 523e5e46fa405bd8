// Test helper: checks one KernelTable against the scalar references for every weight type it fills.
// Tolerance: |simd - reference| <= 2e-5 * sum_i |w_i * a_i| + 1e-6 (integer parts are exact; only float
// summation order differs between the two).
#pragma once

#include "kernels/kernel_table.h"

namespace peregrine::test {

// Runs vec-dot and tile checks (gtest EXPECTs) for table; returns how many type slots were checked.
int checkKernelTable(const KernelTable& table);

}  // namespace peregrine::test
