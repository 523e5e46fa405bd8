#include "gguf/mapped_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>

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

int64_t mtimeNs(const struct stat& st) {
    return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace

Result<std::unique_ptr<MappedFile>> MappedFile::open(const std::string& path) {
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

MappedFile::~MappedFile() {
    unregisterRange(m_slot);
    if (m_data) ::munmap(const_cast<uint8_t*>(m_data), m_size);
    if (m_fd >= 0) ::close(m_fd);
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
