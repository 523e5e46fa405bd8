// peregrine: the touchscreen app. Thin: parses the command line, starts the AppController, loads Main.qml and
// sets up preview (a resizable window) or kiosk mode (full-screen, no cursor, no decorations); the headless
// automation (--ask, --screenshot, --quit-after-answer) lives in HeadlessRunner.
#include <QtQml/qqmlextensionplugin.h>
#include <QApplication>
#include <QCoreApplication>
#include <QCommandLineParser>
#include <QCursor>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QRegularExpression>
#include <cstdio>
#include <cstring>

#include "core/version.h"
#include "kernels/vec_dot.h"
#include "logging/logging.h"
#include "system/service_notifier.h"
#include "ui/app_controller.h"
#include "ui/headless_runner.h"

Q_IMPORT_QML_PLUGIN(PeregrinePlugin)

namespace {

bool hasFlag(int argc, char** argv, const char* flag) {
    for (int i = 1; i < argc; ++i)
        if (!std::strcmp(argv[i], flag)) return true;
    return false;
}

int pageIndex(const QString& name) {
    if (name == QLatin1String("settings")) return 1;
    if (name == QLatin1String("benchmarks")) return 2;
    return 0;
}

// The command line, built the same way for the display-less --help/--version pass and the real run.
struct CommandLine {
    QCommandLineParser parser;
    const QCommandLineOption versionOpt{{QStringLiteral("v"), QStringLiteral("version")},
                                        QStringLiteral("Version, kernel target and CPU.")};
    const QCommandLineOption previewOpt{QStringLiteral("preview"),
                                        QStringLiteral("Desktop window (default).")};
    const QCommandLineOption kioskOpt{QStringLiteral("kiosk"),
                                      QStringLiteral("Full screen, no cursor; leave by long press and PIN.")};
    const QCommandLineOption configOpt{QStringLiteral("config"), QStringLiteral("Extra config layer."),
                                       QStringLiteral("FILE")};
    const QCommandLineOption verboseOpt{QStringLiteral("verbose"), QStringLiteral("Debug logging.")};
    const QCommandLineOption modelOpt{QStringLiteral("model"), QStringLiteral("Use this model file."),
                                      QStringLiteral("FILE")};
    const QCommandLineOption askOpt{
        QStringLiteral("ask"), QStringLiteral("Ask this once the model is ready."), QStringLiteral("TEXT")};
    const QCommandLineOption shotOpt{QStringLiteral("screenshot"),
                                     QStringLiteral("Save the window as PNG after the answer (or start-up)."),
                                     QStringLiteral("PNG")};
    const QCommandLineOption quitOpt{
        QStringLiteral("quit-after-answer"),
        QStringLiteral("Exit after the answer: 0 only if it was produced and stored.")};
    const QCommandLineOption sizeOpt{QStringLiteral("size"), QStringLiteral("Window size (preview)."),
                                     QStringLiteral("WxH")};
    const QCommandLineOption frameOpt{
        QStringLiteral("frame-stats"),
        QStringLiteral("Print frame interval percentiles measured during the answer.")};
    const QCommandLineOption pageOpt{QStringLiteral("page"),
                                     QStringLiteral("First page: conversation, settings or benchmarks."),
                                     QStringLiteral("NAME"), QStringLiteral("conversation")};
    const QCommandLineOption timeoutOpt{QStringLiteral("timeout"),
                                        QStringLiteral("Give up a headless run after this many seconds."),
                                        QStringLiteral("SECONDS"), QStringLiteral("600")};
    const QCommandLineOption thermalRootOpt{
        QStringLiteral("thermal-root"),
        QStringLiteral("Read thermal zones and cpufreq from this sysfs tree (e.g. a simulated board)."),
        QStringLiteral("DIR")};

    CommandLine() {
        parser.setApplicationDescription(QStringLiteral("Peregrine, the offline in-cab voice assistant"));
        parser.addHelpOption();
        parser.addOption(versionOpt);
        parser.addOptions({previewOpt, kioskOpt, configOpt, verboseOpt, modelOpt, askOpt, shotOpt, quitOpt,
                           sizeOpt, frameOpt, pageOpt, timeoutOpt, thermalRootOpt});
    }
};

bool wantsInfoOnly(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        for (const char* f : {"--help", "-h", "-?", "--help-all", "--version", "-v"})
            if (!std::strcmp(argv[i], f)) return true;
    return false;
}

void printVersion() {
    std::printf("peregrine %s\nkernels: %s\n", PEREGRINE_VERSION, peregrine::kernelDescription().c_str());
}

// --help and --version need no display: answered from a QCoreApplication before any GUI object exists.
int infoOnly(int argc, char** argv) {
    QCoreApplication core(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("peregrine"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PEREGRINE_VERSION));
    CommandLine cl;
    if (!cl.parser.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "peregrine: %s\n", qPrintable(cl.parser.errorText()));
        return 2;
    }
    if (cl.parser.isSet(cl.versionOpt)) {
        printVersion();
        return 0;
    }
    cl.parser.showHelp(0);  // exits
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (wantsInfoOnly(argc, argv)) return infoOnly(argc, argv);
    const bool kiosk = hasFlag(argc, argv, "--kiosk");
    // The on-screen keyboard is for the kiosk; it must be chosen before the application object exists.
    if (kiosk && qEnvironmentVariableIsEmpty("QT_IM_MODULE")) qputenv("QT_IM_MODULE", "qtvirtualkeyboard");

    QApplication application(argc, argv);  // QApplication: QtCharts and widgets-based dialogs need it
    QApplication::setApplicationName(QStringLiteral("peregrine"));
    QApplication::setApplicationVersion(QStringLiteral(PEREGRINE_VERSION));

    CommandLine cl;
    QCommandLineParser& parser = cl.parser;
    parser.process(application);
    peregrine::setupLogging(parser.isSet(cl.verboseOpt));

    QSize size(1280, 800);
    if (parser.isSet(cl.sizeOpt)) {
        const auto m = QRegularExpression(QStringLiteral("^(\\d+)x(\\d+)$")).match(parser.value(cl.sizeOpt));
        if (!m.hasMatch()) {
            std::fprintf(stderr, "peregrine: --size expects WxH, e.g. 800x480\n");
            return 2;
        }
        size = QSize(m.captured(1).toInt(), m.captured(2).toInt());
    }
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Basic"));

    peregrine::AppController controller;
    controller.setKiosk(kiosk);
    controller.setConfigFile(parser.value(cl.configOpt));
    controller.setModelOverride(parser.value(cl.modelOpt));
    controller.setThermalRoot(parser.value(cl.thermalRootOpt));
    controller.start();
    QObject::connect(&controller, &peregrine::AppController::exitRequested, &application, &QApplication::quit,
                     Qt::QueuedConnection);

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    engine.setInitialProperties({{QStringLiteral("app"), QVariant::fromValue(&controller)},
                                 {QStringLiteral("initialPage"), pageIndex(parser.value(cl.pageOpt))}});
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Peregrine/Main.qml")));
    auto* window =
        engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    if (!window) {
        std::fprintf(stderr, "peregrine: the user interface did not load\n");
        return 1;
    }
    if (kiosk) {
        window->setFlags(window->flags() | Qt::FramelessWindowHint);
        QGuiApplication::setOverrideCursor(QCursor(Qt::BlankCursor));
        window->showFullScreen();
    } else {
        window->resize(size);
        window->show();
    }

    peregrine::HeadlessOptions headless;
    headless.ask = parser.value(cl.askOpt);
    headless.screenshotPath = parser.value(cl.shotOpt);
    headless.quitAfterAnswer = parser.isSet(cl.quitOpt);
    headless.frameStats = parser.isSet(cl.frameOpt);
    headless.timeoutSec = std::max(1, parser.value(cl.timeoutOpt).toInt());
    peregrine::HeadlessRunner runner(window, &controller, headless);
    runner.start();

    // Under systemd (the kiosk unit): READY once the window is up, then WATCHDOG=1 from this (the UI) thread.
    peregrine::ServiceNotifier notifier;
    notifier.notifyReady(kiosk ? QStringLiteral("kiosk window shown") : QStringLiteral("window shown"));
    QObject::connect(&application, &QCoreApplication::aboutToQuit, &notifier,
                     &peregrine::ServiceNotifier::notifyStopping);

    const int code = QApplication::exec();
    return code;
}
