// QML registration of the app's controllers and list models (module "Peregrine", see qml/CMakeLists.txt).
// The classes live in peregrine_app and know nothing of QML; these foreign declarations register them
// declaratively. AppController is creatable (Main.qml receives one from main.cpp as a required property;
// Qt Quick tests create their own); the rest are reached through its properties.
#pragma once

#include <QtQml/qqml.h>

#include "inference/benchmark_controller.h"
#include "conversation/conversation_controller.h"
#include "models/model_switcher.h"
#include "ui/app_controller.h"
#include "lists/benchmark_list_model.h"
#include "lists/conversation_list_model.h"
#include "lists/message_list_model.h"
#include "ui/model_list_model.h"
#include "ui/settings_controller.h"
#include "ui/status_controller.h"
#include "ui/voice_controller.h"

namespace peregrine::qml {

struct AppControllerForeign {
    Q_GADGET
    QML_FOREIGN(peregrine::AppController)
    QML_NAMED_ELEMENT(AppController)
};

struct ConversationControllerForeign {
    Q_GADGET
    QML_FOREIGN(peregrine::ConversationController)
    QML_NAMED_ELEMENT(ConversationController)
    QML_UNCREATABLE("provided by AppController")
};

struct BenchmarkControllerForeign {
    Q_GADGET
    QML_FOREIGN(peregrine::BenchmarkController)
    QML_NAMED_ELEMENT(BenchmarkController)
    QML_UNCREATABLE("provided by AppController")
};

struct SettingsControllerForeign {
    Q_GADGET
    QML_FOREIGN(peregrine::SettingsController)
    QML_NAMED_ELEMENT(SettingsController)
    QML_UNCREATABLE("provided by AppController")
};

struct StatusControllerForeign {
    Q_GADGET
    QML_FOREIGN(peregrine::StatusController)
    QML_NAMED_ELEMENT(StatusController)
    QML_UNCREATABLE("provided by AppController")
};

struct VoiceControllerForeign {
    Q_GADGET
    QML_FOREIGN(peregrine::VoiceController)
    QML_NAMED_ELEMENT(VoiceController)
    QML_UNCREATABLE("provided by AppController")
};

// For its State enum only (VoiceController::state): VoiceLoop.Listening etc. in QML.
struct VoiceLoopForeign {
    Q_GADGET
    QML_FOREIGN(peregrine::voice::VoiceLoop)
    QML_NAMED_ELEMENT(VoiceLoop)
    QML_UNCREATABLE("the voice loop lives on the voice thread; its state comes through VoiceController")
};

struct MessageListModelForeign {
    Q_GADGET
    QML_FOREIGN(peregrine::MessageListModel)
    QML_NAMED_ELEMENT(MessageListModel)
    QML_UNCREATABLE("provided by AppController")
};

struct ConversationListModelForeign {
    Q_GADGET
    QML_FOREIGN(peregrine::ConversationListModel)
    QML_NAMED_ELEMENT(ConversationListModel)
    QML_UNCREATABLE("provided by AppController")
};

struct ModelListModelForeign {
    Q_GADGET
    QML_FOREIGN(peregrine::ModelListModel)
    QML_NAMED_ELEMENT(ModelListModel)
    QML_UNCREATABLE("provided by AppController")
};

struct ModelSwitcherForeign {
    Q_GADGET
    QML_FOREIGN(peregrine::ModelSwitcher)
    QML_NAMED_ELEMENT(ModelSwitcher)
    QML_UNCREATABLE("provided by SettingsController")
};

struct BenchmarkListModelForeign {
    Q_GADGET
    QML_FOREIGN(peregrine::BenchmarkListModel)
    QML_NAMED_ELEMENT(BenchmarkListModel)
    QML_UNCREATABLE("provided by AppController")
};

}  // namespace peregrine::qml
