// MappedFile: a read-only mmap of a model file that survives the file changing under it.
//
// A shared file mapping faults with SIGBUS when the file is truncated (`cp new.gguf model.gguf` truncates
// first, so does `truncate`) and reads new bytes when it is rewritten in place. The first would kill the
// process; the second would silently mix two models. MappedFile registers its range with a process-wide
// SIGBUS handler (installed once, chaining to any previous handler for other addresses): a fault inside a
// registered range replaces the rest of that mapping with zero pages, so the faulting load re-executes and
// the computation finishes with garbage instead of dying, and the mapping is marked faulted. Callers ask
// damaged() at their safe points (after load, between tokens) and turn it into an error; a file replaced by
// rename leaves this mapping intact (the old inode stays alive) and is told by replaced(), so the owner can
// reload the new file.
//
// Residency::InMemory reads the whole file into anonymous memory instead, aligned to and advised onto 2 MiB
// huge pages, then made read-only. Decode streams every weight once per token, and from the page cache's
// scattered 4 KiB pages it ran at 0.6-0.7 of the speed it reaches from huge pages (3B shape, Zen 5, 2
// threads: 10.6-11.4 vs 15.9-18.3 tok/s, mmap and copy alternated in one window). A copy cannot fault when
// the file changes later, and damaged() still reports the change, so callers treat it the same way. When the
// memory cannot be had, it maps the file instead (inMemory() says which).
//
// Thread: open/close on any thread; damaged() and replaced() are thread-safe and cheap (one stat each).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"

namespace peregrine {

class HugePageRegion;

enum class Residency {
    Mapped,    // headers, verification, inspection: only the bytes read are ever touched
    InMemory,  // sessions that compute with the weights (see above)
};

class MappedFile {
public:
    // InMemory: the copy is placed so that the byte at file offset alignedOffset (a GGUF file's tensor data)
    // starts a 64-byte cache line, whatever the file's own alignment (32 in many files): the decode kernels
    // stream 64-byte vectors, and ones that straddle two lines read markedly slower. A mapping is
    // page-aligned, which the argument cannot change.
    static Result<std::unique_ptr<MappedFile>> open(const std::string& path,
                                                    Residency residency = Residency::Mapped,
                                                    uint64_t alignedOffset = 0);
    static constexpr size_t kCopyAlignment = 64;
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return m_data; }
    uint64_t size() const { return m_size; }
    const std::string& path() const { return m_path; }

    // Empty while the mapped bytes are still the file's as opened; otherwise what happened, in words ("it was
    // truncated while in use", "it was rewritten while in use"). Once damaged, results computed from the
    // mapping are garbage. One fstat.
    std::string damaged() const;
    // Empty while the path still names the opened file; otherwise "it was replaced by another file" or "it
    // was removed". The mapping itself stays intact (the old inode lives on). One stat.
    std::string replaced() const;
    // A SIGBUS inside this mapping has been absorbed (its contents are no longer the file's).
    bool faulted() const;
    // The bytes are a private copy in anonymous memory (Residency::InMemory and the memory was available).
    bool inMemory() const { return m_copy != nullptr; }
    // InMemory copies only (false otherwise, or when the copy cannot be made writable; fn not run): runs fn
    // while the copy is writable, then makes it read-only again. For rearranging tensor data once at load
    // (GgufFile::rearrangeOnce).
    bool whileWritable(const std::function<void()>& fn);

private:
    MappedFile();

    std::string m_path;
    const uint8_t* m_data = nullptr;
    uint64_t m_size = 0;
    std::unique_ptr<HugePageRegion> m_copy;  // InMemory: the copy (m_data is its start); else null
    int m_fd = -1;
    int m_slot = -1;  // index in the fault registry, -1 when not registered
    dev_t m_dev = 0;
    ino_t m_ino = 0;
    int64_t m_mtimeNs = 0;
};

}  // namespace peregrine
