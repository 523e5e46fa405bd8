// GenieBackend: a Qualcomm Genie bundle (genie_config.json + context binaries) run on the Hexagon NPU by
// the board's libGenie.so (through GenieLibrary: dlopen, no build-time dependency on QAIRT), behind the
// Backend interface.
//
// Chat: the conversation is rendered with the bundle's chat template family (GenieBundle) and queried as
// text; Genie keeps the dialog's KV cache between queries, so a conversation that extends the one already
// sent (the previous answer, then a new question) queries only the new part, anything else resets the
// dialog first. The answer streams through Genie's callback (BEGIN / CONTINUE... / END, or ABORT).
// Cancel (the token callback returns false): GenieDialog_signal(ABORT) from a second thread, as Qualcomm's
// genie-t2t-run does, where the library has it; else the rest of the answer is not forwarded (the query
// still runs to its end; runtimeDescription() says so). Status codes become messages: negative ones are
// errors, positive ones warnings (context exceeded -> StopReason::Context, aborted -> Cancelled).
//
// Thread: one thread at a time, like every Backend; the Genie callback runs on the calling thread.
// Ownership: the dialog is freed in the destructor; the config right after the dialog is created.
#pragma once

#include <memory>
#include <string>

#include "backends/backend.h"
#include "backends/genie/genie_bundle.h"
#include "backends/genie/genie_library.h"

namespace peregrine {

struct GenieOptions {
    std::string library;    // libGenie.so path; "" = $PEREGRINE_GENIE_LIB, else the linker's search
    std::string qairtRoot;  // runtimes.qairt.root / $QAIRT_HOME: sets ADSP_LIBRARY_PATH for the DSP skels
};

// Reads the bundle (GenieBundle), opens the library and creates the dialog. Errors name the step: the
// bundle's ("no genie_config.json in ..."), the library's, "Genie refused genie_config.json of BUNDLE:
// GENIE_STATUS_ERROR_JSON_SCHEMA (-8): ...", "Genie could not create the dialog for BUNDLE:
// GENIE_STATUS_ERROR_GENERAL (-1): ... - runtime log: <the line the runtime logged>".
Result<std::unique_ptr<Backend>> openGenieBackend(const std::string& bundlePath, const GenieOptions& options);

class GenieBackend final : public Backend {
public:
    ~GenieBackend() override;

    std::string_view kind() const override { return "genie"; }
    std::string runtimeDescription() const override { return m_library->description(); }
    BackendCapabilities capabilities() const override;
    const BackendModel& model() const override { return m_model; }

    Result<GenerationStats> chat(std::span<const ChatMessage> conversation, const GenerateOptions& options,
                                 const TokenCallback& onToken) override;
    void reset() override;

    const genie::GenieBundle& bundle() const { return m_bundle; }

private:
    friend Result<std::unique_ptr<Backend>> openGenieBackend(const std::string&, const GenieOptions&);
    GenieBackend() = default;

    std::shared_ptr<const genie::GenieLibrary> m_library;
    const genie::Api* m_api = nullptr;
    genie::DialogHandle m_dialog = nullptr;
    genie::LogHandle m_log = nullptr;
    genie::GenieBundle m_bundle;
    BackendModel m_model;
    std::string m_sent;   // the rendered conversation the dialog holds (history + last answer)
    bool m_fresh = true;  // the dialog holds nothing (after create or reset)
};

}  // namespace peregrine
