#include "backends/api_key_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace peregrine {

namespace {

constexpr size_t kMaxKeyFileBytes = 16 * 1024;

std::string octal(mode_t mode) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04o", unsigned(mode & 07777));
    return buf;
}

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

Result<std::string> readApiKeyFile(const QString& path) {
    const std::string p = path.toStdString();
    if (p.empty()) {
        return Status::error("no API key file configured (deep_think.api_key_file)");
    }
    // Checked on the opened file (fstat), not on the name, so the file read is the file checked.
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        return Status::error("cannot read the API key file " + p + ": " + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return Status::error("cannot check the API key file " + p + ": " + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return Status::error("the API key file " + p + " is not a regular file");
    }
    if ((st.st_mode & 077) != 0) {
        ::close(fd);
        return Status::error("the API key file " + p + " is readable by group or others (mode " +
                             octal(st.st_mode) + "): refused; run chmod 600 " + p);
    }
    if (size_t(st.st_size) > kMaxKeyFileBytes) {
        ::close(fd);
        return Status::error("the API key file " + p + " is larger than 16 KiB: not a key");
    }
    std::string key(size_t(st.st_size), '\0');
    size_t got = 0;
    while (got < key.size()) {
        const ssize_t n = ::read(fd, key.data() + got, key.size() - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        got += size_t(n);
    }
    ::close(fd);
    key.resize(got);
    size_t begin = 0, end = key.size();
    while (begin < end && isSpace(key[begin])) {
        ++begin;
    }
    while (end > begin && isSpace(key[end - 1])) {
        --end;
    }
    key = key.substr(begin, end - begin);
    if (key.empty()) {
        return Status::error("the API key file " + p + " is empty");
    }
    for (char c : key) {
        if (isSpace(c) || static_cast<unsigned char>(c) < 0x20) {
            return Status::error("the API key file " + p +
                                 " holds more than one word: put only the key in it");
        }
    }
    return key;
}

}  // namespace peregrine
