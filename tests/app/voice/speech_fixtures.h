// Test speech made at test time with the flite command-line tool (Debian package flite), as a driver would
// say it: `flite -voice slt -t TEXT -o FILE.wav`. Tests skip with a message when flite is not installed.
#pragma once

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>
#include <algorithm>

#include "audio/pcm.h"
#include "audio/wav_file.h"
#include "speech/speech_to_text.h"

namespace peregrine::testing {

inline bool haveFlite() {
    return !QStandardPaths::findExecutable(QStringLiteral("flite")).isEmpty();
}

// Writes dir/name.wav with the spoken text; returns the path or an empty string on failure.
inline QString speakToFile(const QTemporaryDir& dir, const QString& name, const QString& text,
                           const QString& voice = QStringLiteral("slt")) {
    const QString path = dir.filePath(name + QStringLiteral(".wav"));
    QProcess p;
    p.start(QStringLiteral("flite"),
            {QStringLiteral("-voice"), voice, QStringLiteral("-t"), text, QStringLiteral("-o"), path});
    if (!p.waitForFinished(30000) || p.exitCode() != 0) return {};
    return path;
}

// Speech as app-format samples with lead-in silence (a driver does not start talking at sample 0).
inline audio::Pcm speak(const QTemporaryDir& dir, const QString& name, const QString& text,
                        int leadInMs = 300, const QString& voice = QStringLiteral("slt")) {
    const QString path = speakToFile(dir, name, text, voice);
    if (path.isEmpty()) return {};
    auto pcm = audio::readWav16kMono(path.toStdString());
    if (!pcm) return {};
    audio::Pcm out(static_cast<size_t>(audio::msToSamples(leadInMs)), 0);
    out.insert(out.end(), pcm->begin(), pcm->end());
    return out;
}

// The recognizer's final Dictation transcript of pcm, fed in audio frames as the voice loop feeds it.
inline QString transcribePcm(speech::SpeechToText& stt, const audio::Pcm& pcm) {
    stt.begin(speech::SpeechToText::Mode::Dictation);
    for (size_t i = 0; i < pcm.size(); i += audio::kFrameSamples)
        stt.feed(pcm.data() + i, std::min<size_t>(audio::kFrameSamples, pcm.size() - i));
    return stt.finish();
}

inline void appendSilence(audio::Pcm& pcm, int ms) {
    pcm.resize(pcm.size() + audio::msToSamples(ms), 0);
}

}  // namespace peregrine::testing
