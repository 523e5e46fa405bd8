// Checks a Qualcomm Genie bundle's JSON files against what the board's libGenie accepts (runtimes.md
// §1.3/1.4, Genie's config validation): every `version` field must be 1; a key outside the known schema is
// rejected by libGenie (ERROR_JSON_SCHEMA, "Unknown QnnHtp config key: ..."); mandatory keys present;
// enumerations (dialog type, backend type, model type, rope-type) known; ctx-bins an array of strings.
// htp_backend_ext_config.json: valid JSON, and a dsp_arch the runtime knows (v68..v81).
// Pure functions over parsed JSON; any thread.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include "models/verify_issue.h"

namespace peregrine {

// fileLabel names the file in messages ("genie_config.json").
QList<VerifyIssue> checkGenieConfig(const QJsonObject& root, const QString& fileLabel);
QList<VerifyIssue> checkHtpExtensionsConfig(const QJsonObject& root, const QString& fileLabel);

}  // namespace peregrine
