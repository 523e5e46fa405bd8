// HugePageRegion: anonymous memory aligned to and advised onto 2 MiB huge pages, the memory a session's
// weights live in (MappedFile, Residency::InMemory) and the one peregrine-bench's bandwidth probe reads, so
// that decode is compared with a read of the same kind of memory.
//
// Thread: create and destroy on any thread; the bytes are the caller's to share. Cost: one mmap and one
// madvise; pages are faulted in by the caller (populate() or first touch).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace peregrine {

class HugePageRegion {
public:
    // nullptr when the address space cannot be had (the pages themselves come later).
    static std::unique_ptr<HugePageRegion> create(size_t bytes);
    ~HugePageRegion();
    HugePageRegion(const HugePageRegion&) = delete;
    HugePageRegion& operator=(const HugePageRegion&) = delete;

    uint8_t* data() const { return m_data; }
    size_t size() const { return m_size; }  // bytes asked for, rounded up to whole huge pages
    // Faults in [offset, offset + bytes) writable with one call (Linux 5.14 and later). False with errno
    // ENOMEM when the memory is not there; older kernels answer EINVAL (true: pages fault on first touch).
    bool populate(size_t offset, size_t bytes);
    void makeReadOnly();
    // False (nothing changed) when the system refuses.
    bool makeWritable();
    static constexpr size_t kPageBytes = size_t{2} << 20;

private:
    HugePageRegion() = default;
    void* m_base = nullptr;  // the mapping (m_data is its first huge-page boundary)
    size_t m_mapped = 0;
    uint8_t* m_data = nullptr;
    size_t m_size = 0;
};

}  // namespace peregrine
