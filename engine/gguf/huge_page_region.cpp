#include "gguf/huge_page_region.h"

#include <sys/mman.h>

#include <cerrno>

namespace peregrine {

namespace {
#ifdef MADV_POPULATE_WRITE
constexpr int kPopulateWrite = MADV_POPULATE_WRITE;
#else
constexpr int kPopulateWrite = 23;  // Linux's value; headers older than 5.14 lack the name
#endif
}  // namespace

std::unique_ptr<HugePageRegion> HugePageRegion::create(size_t bytes) {
    const size_t size = (bytes + kPageBytes - 1) / kPageBytes * kPageBytes;
    const size_t mapped = size + kPageBytes;  // room to start on a huge-page boundary
    void* base = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return nullptr;
    std::unique_ptr<HugePageRegion> r(new HugePageRegion());
    r->m_base = base;
    r->m_mapped = mapped;
    r->m_data =
        reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(base) + kPageBytes - 1) & ~(kPageBytes - 1));
    r->m_size = size;
#ifdef MADV_HUGEPAGE
    ::madvise(r->m_data, size, MADV_HUGEPAGE);
#endif
    return r;
}

HugePageRegion::~HugePageRegion() {
    if (m_base) ::munmap(m_base, m_mapped);
}

bool HugePageRegion::populate(size_t offset, size_t bytes) {
    if (offset >= m_size) return true;
    if (bytes > m_size - offset) bytes = m_size - offset;
    return ::madvise(m_data + offset, bytes, kPopulateWrite) == 0 || errno != ENOMEM;
}

void HugePageRegion::makeReadOnly() {
    ::mprotect(m_base, m_mapped, PROT_READ);
}

bool HugePageRegion::makeWritable() {
    return ::mprotect(m_base, m_mapped, PROT_READ | PROT_WRITE) == 0;
}

}  // namespace peregrine
