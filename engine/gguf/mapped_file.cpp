#include "gguf/mapped_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "gguf/huge_page_region.h"

namespace peregrine {

namespace {

// Registered mappings, read lock-free by the signal handler. A slot is live while end != 0.
constexpr int kSlots = 64;
struct Slot {
    std::atomic<uintptr_t> begin{0};
    std::atomic<uintptr_t> end{0};
    std::atomic<bool> faulted{false};
};
Slot g_slots[kSlots];
std::mutex g_slotMutex;  // registration only (never taken in the handler)
struct sigaction g_previous {};
std::once_flag g_installOnce;

void chain(int sig, siginfo_t* info, void* context) {
    if (g_previous.sa_flags & SA_SIGINFO) {
        if (g_previous.sa_sigaction) {
            g_previous.sa_sigaction(sig, info, context);
            return;
        }
    } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
        g_previous.sa_handler(sig);
        return;
    }
    // Default action: restore it and let the fault recur (core dump / exit 135 as without us).
    signal(sig, SIG_DFL);
}

// Async-signal-safe: atomics, mmap (a raw system call) and nothing else.
void onSigbus(int sig, siginfo_t* info, void* context) {
    const auto addr = reinterpret_cast<uintptr_t>(info ? info->si_addr : nullptr);
    for (Slot& s : g_slots) {
        const uintptr_t b = s.begin.load(std::memory_order_acquire);
        const uintptr_t e = s.end.load(std::memory_order_acquire);
        if (e == 0 || addr < b || addr >= e) continue;
        const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
        const uintptr_t from = addr & ~(page - 1);
        // Zero pages from the faulting one to the end: every later read of the lost tail succeeds at once.
        void* r = mmap(reinterpret_cast<void*>(from), e - from, PROT_READ,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (r == MAP_FAILED) break;
        s.faulted.store(true, std::memory_order_release);
        return;
    }
    chain(sig, info, context);
}

void installHandler() {
    struct sigaction sa {};
    sa.sa_sigaction = onSigbus;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, &g_previous);
}

int registerRange(const void* p, uint64_t size) {
    std::call_once(g_installOnce, installHandler);
    std::lock_guard<std::mutex> lock(g_slotMutex);
    for (int i = 0; i < kSlots; ++i) {
        Slot& s = g_slots[i];
        if (s.end.load(std::memory_order_relaxed) != 0) continue;
        s.faulted.store(false, std::memory_order_relaxed);
        s.begin.store(reinterpret_cast<uintptr_t>(p), std::memory_order_relaxed);
        s.end.store(reinterpret_cast<uintptr_t>(p) + size, std::memory_order_release);
        return i;
    }
    return -1;
}

void unregisterRange(int slot) {
    if (slot < 0) return;
    std::lock_guard<std::mutex> lock(g_slotMutex);
    g_slots[slot].end.store(0, std::memory_order_release);
    g_slots[slot].begin.store(0, std::memory_order_release);
}

// Reads size bytes of fd into a HugePageRegion, the file's first byte at data() + lead. A null region when
// the memory is not there; a short read (the file shrank meanwhile) is an error.
constexpr size_t kLoadThreads = 4;               // threads that fault in and read a model copy
constexpr uint64_t kChunk = uint64_t{64} << 20;  // bytes per read() call
Result<std::unique_ptr<HugePageRegion>> readIntoMemory(int fd, uint64_t size, size_t lead,
                                                       const std::string& path) {
    auto region = HugePageRegion::create(static_cast<size_t>(size) + lead);
    if (!region) return std::unique_ptr<HugePageRegion>();
    uint8_t* data = region->data() + lead;
    // Fault the region in before reading, then read, each thread its own slice: page faults taken one by
    // one inside read() cost 1.5-8 s for 2 GB on a virtual machine; populating first and reading took
    // 0.3-1.1 s from one thread, 0.15-0.17 s from two (3B file, page cache warm).
    const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, kLoadThreads);
    const size_t page = HugePageRegion::kPageBytes;
    const size_t slice = (region->size() / threads + page - 1) / page * page;
    std::atomic<bool> noMemory{false}, shortRead{false};
    std::atomic<int> readErrno{0};
    auto load = [&](size_t t) {
        const size_t from = t * slice;
        if (from >= region->size()) return;
        if (!region->populate(from, slice)) {
            noMemory = true;
            return;
        }
        // The file bytes that land in this slice of the region.
        const uint64_t end = std::min<uint64_t>(size, from + slice - lead);
        for (uint64_t off = from == 0 ? 0 : from - lead; off < end;) {
            const ssize_t n = ::pread(fd, data + off, static_cast<size_t>(std::min(kChunk, end - off)),
                                      static_cast<off_t>(off));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                if (n < 0) readErrno = errno;
                shortRead = true;
                return;
            }
            off += static_cast<uint64_t>(n);
        }
    };
    std::vector<std::thread> helpers;
    for (size_t t = 1; t < threads; ++t) helpers.emplace_back(load, t);
    load(0);
    for (auto& h : helpers) h.join();
    if (noMemory) return std::unique_ptr<HugePageRegion>();
    if (readErrno) return Status::error("cannot read '" + path + "': " + std::strerror(readErrno));
    if (shortRead)
        return Status::error("the model file '" + path + "' changed on disk: it was truncated while loading");
    region->makeReadOnly();  // a stray write into the weights faults at once
    return region;
}

int64_t mtimeNs(const struct stat& st) {
    return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace

Result<std::unique_ptr<MappedFile>> MappedFile::open(const std::string& path, Residency residency,
                                                     uint64_t alignedOffset) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::error("cannot open '" + path + "': " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return Status::error("cannot stat '" + path + "': " + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return Status::error("'" + path + "' is not a regular file");
    }
    if (st.st_size == 0) {
        ::close(fd);
        return Status::error("'" + path + "' is empty (0 bytes): not a GGUF file (incomplete download?)");
    }
    const auto size = static_cast<uint64_t>(st.st_size);
    if (residency == Residency::InMemory) {
        const size_t lead = (kCopyAlignment - alignedOffset % kCopyAlignment) % kCopyAlignment;
        auto copy = readIntoMemory(fd, size, lead, path);
        if (!copy) {
            ::close(fd);
            return copy.status();
        }
        if (*copy) {
            std::unique_ptr<MappedFile> f(new MappedFile());
            f->m_path = path;
            f->m_data = (*copy)->data() + lead;
            f->m_size = size;
            f->m_copy = std::move(copy).value();
            f->m_fd = fd;
            f->m_dev = st.st_dev;
            f->m_ino = st.st_ino;
            f->m_mtimeNs = mtimeNs(st);
            return f;
        }
        // No anonymous memory for it: map the file instead (the kernel may still page it in).
    }
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        const int err = errno;
        ::close(fd);
        return Status::error("cannot map '" + path + "': " + std::strerror(err));
    }
    std::unique_ptr<MappedFile> f(new MappedFile());
    f->m_path = path;
    f->m_data = static_cast<const uint8_t*>(map);
    f->m_size = size;
    f->m_fd = fd;  // kept open: fstat tells a rewrite of this inode from a replacement of the path
    f->m_dev = st.st_dev;
    f->m_ino = st.st_ino;
    f->m_mtimeNs = mtimeNs(st);
    f->m_slot = registerRange(map, size);
    return f;
}

MappedFile::MappedFile() = default;

MappedFile::~MappedFile() {
    unregisterRange(m_slot);
    if (!m_copy && m_data) ::munmap(const_cast<uint8_t*>(m_data), m_size);
    if (m_fd >= 0) ::close(m_fd);
}

bool MappedFile::whileWritable(const std::function<void()>& fn) {
    if (!m_copy || !m_copy->makeWritable()) return false;  // then the model keeps plain rows
    fn();
    m_copy->makeReadOnly();
    return true;
}

bool MappedFile::faulted() const {
    return m_slot >= 0 && g_slots[m_slot].faulted.load(std::memory_order_acquire);
}

std::string MappedFile::damaged() const {
    if (faulted()) return "it was truncated or overwritten while in use";
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) return {};
    if (static_cast<uint64_t>(st.st_size) < m_size) return "it was truncated while in use";
    if (static_cast<uint64_t>(st.st_size) != m_size || mtimeNs(st) != m_mtimeNs)
        return "it was rewritten while in use";
    return {};
}

std::string MappedFile::replaced() const {
    struct stat st {};
    if (::stat(m_path.c_str(), &st) != 0) return "it was removed";
    if (st.st_dev != m_dev || st.st_ino != m_ino) return "it was replaced by another file";
    return {};
}

}  // namespace peregrine
