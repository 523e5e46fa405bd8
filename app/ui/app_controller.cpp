#include "ui/app_controller.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <algorithm>
#include <memory>

#include "core/version.h"
#include "inference/inference_worker.h"
#include "inference/model_id.h"
#include "logging/logging.h"
#include "storage/thread_guard.h"
#include "system/sysfs_guard.h"
#include "ui/model_list_model.h"
#include "voice/voice_settings.h"

namespace peregrine {

namespace {

// The governor's levers for a loaded model: its backend's thread lever, and who runs it for the panel's
// "threads: not adjustable on ..." (the runtime's own description: "llama-server at http://...").
GovernorLevers governorLeversFor(const LoadedModel& m) {
    GovernorLevers levers;
    levers.threads = m.threadLever;
    levers.runtime = m.backend.isEmpty() ? m.backendKind : m.backend;
    return levers;
}

}  // namespace

AppController::AppController(QObject* parent) : QObject(parent) {
    m_inferenceThread.setObjectName("inference");
}

AppController::~AppController() {
    m_voice.reset();  // joins the voice thread before the conversation it talks to goes
    if (m_conversation) m_conversation->stop();
    m_inferenceThread.quit();
    m_inferenceThread.wait();
    delete m_worker;  // its thread has finished: safe to delete from here
}

void AppController::startVoice() {
    m_voice = std::make_unique<VoiceController>();
    connect(m_voice.get(), &VoiceController::availableChanged, this, &AppController::talkChanged);
    if (!m_config.voice.enabled) {
        m_voice->setDisabled(tr("Voice is off in the settings (voice.enabled)"));
        return;
    }
    m_voice->startWithDevices(voice::voiceConfigFrom(m_config.voice));
    m_conversation->connectVoice(m_voice->loop());
    if (m_tools) m_voice->connectTools(m_tools.get());
}

void AppController::setConfigFile(const QString& file) {
    if (m_configFile == file) return;
    m_configFile = file;
    emit optionsChanged();
}

void AppController::setModelOverride(const QString& path) {
    if (m_modelOverride == path) return;
    m_modelOverride = path;
    emit optionsChanged();
}

void AppController::setKiosk(bool kiosk) {
    if (m_kiosk == kiosk) return;
    m_kiosk = kiosk;
    emit optionsChanged();
}

QString AppController::version() const {
    return QStringLiteral(PEREGRINE_VERSION);
}

QString AppController::recommendedModels() const {
    return tr(
        "For this class of board: a 1B to 3B instruction model in Q4_K_M, for example Llama 3.2 1B or 3B "
        "Instruct, Qwen2.5 1.5B or 3B Instruct. Larger models answer too slowly for a conversation.");
}

void AppController::start() {
    if (m_started) return;
    m_loader = std::make_unique<ConfigLoader>();
    m_loader->setKiosk(m_kiosk);
    const ConfigResult cfg = m_loader->load(m_configFile);
    m_config = cfg.config;
    m_configMessages = cfg.warnings + cfg.errors;
    for (const QString& w : cfg.warnings) qCWarning(lcConfig).noquote() << w;
    for (const QString& e : cfg.errors) qCWarning(lcConfig).noquote() << e;

    // The database opens on the storage thread; a failure is shown on the conversation page
    // (ConversationController::storageError) and kept as the start-up error.
    armStorageThreadGuard(true);
    m_storage = std::make_unique<StorageService>();
    connect(m_storage.get(), &StorageService::opened, this, [this](bool ok, const QString& why) {
        if (ok) return;
        m_startupError = tr("History is not saved: %1").arg(why);
        qCWarning(lcStorage).noquote() << m_startupError;
        emit startupErrorChanged();
    });
    m_storage->open(m_config.storage.databasePath);

    m_worker = new InferenceWorker;
    m_worker->setBackend(m_config.inference.backend, m_config.runtimes.llamacppLibrary);  // before the move
    m_worker->setEndpoint(m_config.inference.endpointModel, m_config.inference.apiKeyFile);
    m_worker->setNpuRuntimes(m_config.runtimes.genieLibrary, m_config.runtimes.qairtRoot,
                             m_config.runtimes.rkllmLibrary, m_config.runtimes.rkllmVersion);
    m_worker->moveToThread(&m_inferenceThread);
    m_inferenceThread.start();

    if (!m_thermalRoot.isEmpty()) m_config.thermal.sysfsRoot = m_thermalRoot;
    // Thermal polling and the governor run on the system thread; the UI thread sees their results.
    armSysfsThreadGuard(true);
    m_system = std::make_unique<SystemService>(m_config.thermal, m_storage.get());
    m_conversation = std::make_unique<ConversationController>(m_storage.get());
    m_conversation->setInferenceConfig(m_config.inference);
    m_conversation->setDeepThinkConfig(m_config.deepThink);  // off by default; nothing connects until used
    m_conversation->connectWorker(m_worker);
    m_benchmarks = std::make_unique<BenchmarkController>(m_storage.get());
    m_benchmarks->connectWorker(m_worker);
    m_settings = std::make_unique<SettingsController>(m_config, m_loader.get());
    m_settings->models()->setBackend(m_config.inference.backend, m_config.runtimes.llamacppLibrary,
                                     m_config.inference.endpoint, m_config.inference.endpointModel);
    m_status = std::make_unique<StatusController>(m_conversation.get(), m_system->status());
    createTools();
    startVoice();
    startTools();

    SettingsController* settings = m_settings.get();
    ConversationController* conversation = m_conversation.get();
    connect(settings, &SettingsController::inferenceChanged, this, &AppController::applyInferenceConfig);
    connect(settings, &SettingsController::threadsChanged, m_worker, &InferenceWorker::setThreads,
            Qt::QueuedConnection);
    // A new context length: the model is loaded again with it beside the running one (one load path: the
    // switcher verifies, loads, commits or keeps the old session).
    connect(settings, &SettingsController::contextLengthChanged, this, [conversation, settings] {
        if (!conversation->modelPath().isEmpty())
            settings->switcher()->requestReload(conversation->modelPath());
    });
    // Model switches go through the switcher (verify, load beside the current model, commit); the worker
    // implements the host side of the handshake.
    ModelSwitcher* switcher = settings->switcher();
    connect(switcher, &ModelSwitcher::loadCandidate, m_worker, &InferenceWorker::loadCandidate,
            Qt::QueuedConnection);
    connect(switcher, &ModelSwitcher::commitCandidate, m_worker, &InferenceWorker::commitCandidate,
            Qt::QueuedConnection);
    connect(switcher, &ModelSwitcher::discardCandidate, m_worker, &InferenceWorker::discardCandidate,
            Qt::QueuedConnection);
    connect(m_worker, &InferenceWorker::candidateLoaded, switcher,
            [switcher](const QString& path, double) { switcher->onCandidateLoaded(path); });
    connect(m_worker, &InferenceWorker::candidateFailed, switcher, &ModelSwitcher::onCandidateFailed);
    // With no model answering yet (start-up, a bad --model), the conversation page shows why, not "No model
    // installed".
    connect(switcher, &ModelSwitcher::switchFailed, conversation,
            [conversation](const QString& path, const QString& reason) {
                if (conversation->modelReady()) return;
                conversation->setModelError(QStringLiteral("%1: %2").arg(modelIdLabel(path), reason));
            });
    connect(switcher, &ModelSwitcher::stateChanged, conversation, [conversation, switcher] {
        conversation->setModelLoading(switcher->busy() && conversation->modelPath().isEmpty());
    });
    connect(conversation, &ConversationController::answerCompleted, switcher,
            [conversation, switcher](qint64, bool, StopReason stopReason) {
                if (stopReason != StopReason::Error) switcher->noteAnswered(conversation->modelPath());
            });
    settings->models()->setStorage(m_storage.get());
    connect(m_benchmarks.get(), &BenchmarkController::completed, settings->models(),
            &ModelListModel::refreshVoiceVerdicts);
    connect(conversation, &ConversationController::modelLoaded, this,
            [settings](const LoadedModel& m) { settings->models()->setCurrentPath(m.path); });
    connect(settings->models(), &ModelListModel::scanFinished, this, &AppController::loadStartupModel);

    watchModelFile();
    startGovernor(cfg.source(QStringLiteral("thermal.warm_c")) != QLatin1String("default"),
                  cfg.source(QStringLiteral("thermal.hot_c")) != QLatin1String("default"));
    m_system->start();
    m_conversation->refreshConversations();
    m_benchmarks->refresh();
    if (!m_modelOverride.isEmpty()) {
        m_startupModelRequested = true;
        m_settings->switcher()->requestOneOffSwitch(QFileInfo(m_modelOverride).absoluteFilePath());
    }
    m_settings->rescanModels();
    m_started = true;
    emit startedChanged();
    qCInfo(lcApp) << "started; database" << m_storage->path() << "models in" << m_config.models.dirs;
}

void AppController::applyInferenceConfig() {
    m_conversation->setInferenceConfig(m_settings->config().inference);  // the service applies the cap
}

// The governor runs on every thermal poll, on the system thread. Its first poll also picks the board's
// thresholds: the board is known only once the zones have been read. Its levers reach this (UI) thread as
// queued signals (the governor lives on the system thread, the receivers here: Qt queues them by itself);
// the loaded model's backend tells it which levers it has.
void AppController::startGovernor(bool warmSet, bool hotSet) {
    m_system->configureGovernorForBoard(warmSet, hotSet);
    GovernorController* governor = m_system->governor();
    connect(m_conversation.get(), &ConversationController::modelLoaded, this,
            [this](const LoadedModel& m) { m_system->setLevers(governorLeversFor(m)); });

    connect(governor, &GovernorController::threadsRequested, this, [this](int threads) {
        const int n = threads > 0 ? threads : m_settings->config().inference.threads;
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, n] { worker->setThreads(n); }, Qt::QueuedConnection);
    });
    // The policy (answer length, pause, the fallback model and the way back) is the conversation service's;
    // only the name of the fallback model is resolved here, in the models folders the UI has scanned.
    ConversationController* conversation = m_conversation.get();
    connect(governor, &GovernorController::maxTokensRequested, conversation,
            &ConversationController::setGovernorMaxTokens);
    connect(governor, &GovernorController::pausedChanged, conversation, [conversation](bool paused) {
        conversation->setPaused(paused, tr("The board is too hot: answers are paused until it cools down."));
    });
    // The pause and the resume are also said aloud (after pausedChanged: the answer has been stopped).
    connect(governor, &GovernorController::noticeRequested, m_voice.get(), &VoiceController::announce);
    // Heat: the configured smaller model (or, as the board cools, the user's model back) is loaded through
    // the switcher like a tap in Settings: verified first, the current model keeps answering until the new
    // one has loaded, and a failure leaves it in place.
    connect(governor, &GovernorController::fallbackModelRequested, this, [this](const QString& model) {
        QString path;
        if (!model.isEmpty()) {
            path = m_settings->models()->catalog().resolve(model);
            if (path.isEmpty()) {
                qCWarning(lcSystem).noquote()
                    << "governor fallback model" << model << "is not in the models folders";
                return;
            }
        }
        m_conversation->setFallbackModel(path);
    });
    connect(conversation, &ConversationController::switchRequested, m_settings->switcher(),
            [switcher = m_settings->switcher()](const QString& path) { switcher->requestSwitch(path); });
    connect(m_conversation.get(), &ConversationController::statsChanged, this, [this] {
        const double live = m_conversation->liveTokPerSec();
        m_system->setDecodeTokPerSec(live > 0 ? live : m_conversation->lastDecodeTokPerSec());
    });
}

void AppController::loadStartupModel() {
    if (m_startupModelRequested) return;
    m_startupModelRequested = true;
    // inference.backend: openai starts on its server (a dead one falls back to models.last_good).
    const QString endpoint = m_settings->models()->endpointId();
    const QString path = endpoint.isEmpty() ? m_settings->startupModel() : endpoint;
    if (path.isEmpty()) {
        qCInfo(lcApp) << "no model installed; put a GGUF file in" << m_settings->modelsDir();
        return;
    }
    m_settings->switcher()->requestSwitch(path);
}

// A model file copied over, truncated or renamed over while loaded: the engine ends a damaged answer with
// the reason; here the change is shown, and once the file has settled it is verified and loaded again beside
// the running session (ModelSwitcher::requestReload), or the last good model takes over if it fails.
void AppController::watchModelFile() {
    m_modelFile = std::make_unique<ModelFileWatch>();
    ModelFileWatch* watch = m_modelFile.get();
    ModelSwitcher* switcher = m_settings->switcher();
    ConversationController* conversation = m_conversation.get();
    connect(conversation, &ConversationController::modelLoaded, watch,
            [watch](const LoadedModel& m) { watch->watch(isEndpointId(m.path) ? QString() : m.path); });
    connect(m_worker, &InferenceWorker::modelFileChanged, watch,
            [watch](const QString& path, const QString& reason) {
                if (QFileInfo(path).absoluteFilePath() == watch->path()) watch->notifyChanged(reason);
            });
    connect(watch, &ModelFileWatch::changed, this,
            [conversation](const QString& path, const QString& reason) {
                conversation->showNotice(
                    tr("The model file %1 changed on disk (%2). It will be checked and loaded "
                       "again once the copy has finished.")
                        .arg(QFileInfo(path).fileName(), reason));
            });
    connect(watch, &ModelFileWatch::settled, this, [switcher, conversation](const QString& path) {
        if (QFileInfo(conversation->modelPath()).absoluteFilePath() != path) return;
        switcher->requestReload(path);
    });
    connect(switcher, &ModelSwitcher::switched, this, [conversation, watch](const QString& path) {
        if (path == watch->path())  // the changed file verified and loaded again
            conversation->showNotice(
                tr("Loaded %1 again after it changed on disk.").arg(QFileInfo(path).fileName()));
    });
    connect(switcher, &ModelSwitcher::switchFailed, this,
            [conversation, watch, switcher](const QString& path, const QString& reason) {
                if (path != watch->path()) return;
                const bool fallback = !switcher->lastGoodPath().isEmpty() && switcher->lastGoodPath() != path;
                conversation->showNotice(
                    fallback
                        ? tr("The model file %1 changed on disk and cannot be used: %2. Switching to %3.")
                              .arg(QFileInfo(path).fileName(), reason,
                                   QFileInfo(switcher->lastGoodPath()).fileName())
                        : tr("The model file %1 changed on disk and cannot be used: %2. Copy a good file "
                             "back or choose another model in Settings.")
                              .arg(QFileInfo(path).fileName(), reason));
            });
}

bool AppController::tryExit(const QString& pin) {
    if (pin != m_config.kiosk.exitPin) return false;
    qCInfo(lcApp) << "kiosk exit";
    emit exitRequested();
    return true;
}

}  // namespace peregrine
