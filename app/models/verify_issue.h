// One finding of the model verifier: a failure class, how bad it is, a plain message and the fix.
// text() reads "compiled with QAIRT 2.42, this board has QAIRT 2.40.1: recompile for 2.40 or update the
// board's runtime". Plain value type.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace peregrine {

enum class IssueClass {
    ChecksumMismatch,       // sha256 differs from the sidecar: corrupt or partial download
    Truncated,              // tensor data (or a header) runs past the end of the file
    InvalidGguf,            // not a GGUF file, or a malformed one
    UnknownArchitecture,    // general.architecture this engine does not run
    UnsupportedTensorType,  // a tensor type this engine cannot compute with
    InvalidModel,           // other metadata/tensor problems readModelInfo reports
    DoesNotFit,             // memory need above the budget
    TightFit,               // warning: need close to the budget
    MissingFiles,           // vendor bundle: a file the config names is absent
    InvalidBundleConfig,    // genie_config.json / htp_backend_ext_config.json not valid for the board's Genie
    RuntimeTooOld,          // compiled-with runtime newer than the board's
    RuntimeUnknown,         // warning: cannot compare versions (board or bundle version unknown)
    RuntimeMismatch,        // warning: converted with another RKLLM toolkit release than the board runs
    InvalidSidecar,         // NAME.peregrine.yaml does not parse or has a bad value
    Unreadable,             // file missing or unreadable
    Cancelled,              // verification was cancelled (checksum not finished)
};
QString issueClassName(IssueClass c);  // "checksum-mismatch", "truncated", ... (stable ids for tools/tests)

enum class Severity { Warning, Error };

struct VerifyIssue {
    IssueClass cls = IssueClass::InvalidGguf;
    Severity severity = Severity::Error;
    QString message;  // what is wrong, with the numbers
    QString fix;      // what to do about it; may be empty
    QString text() const { return fix.isEmpty() ? message : message + QStringLiteral(": ") + fix; }
};

}  // namespace peregrine
