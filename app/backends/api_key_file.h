// The deep-think API key, read only from a file only its owner can read (mode 0600 or 0400): a key that
// group or others can read may already have leaked, so it is refused with a reason that names the fix.
// The key is never logged; callers must not put it in messages either.
//
// Thread: any. Cost: one open/fstat/read of a small file.
#pragma once

#include <QString>
#include <string>

#include "core/status.h"

namespace peregrine {

// The file's content with surrounding whitespace (the trailing newline of `echo KEY > file`) removed.
// Errors: missing or unreadable file, not a regular file, permissions wider than 0600 ("... is readable by
// group or others (mode 0644): chmod 600 PATH"), empty, larger than 16 KiB, or a key with spaces inside.
Result<std::string> readApiKeyFile(const QString& path);

}  // namespace peregrine
