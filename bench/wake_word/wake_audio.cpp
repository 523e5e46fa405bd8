#include "wake_audio.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <random>

#include "audio/wav_file.h"
#include "speech/espeak_tts.h"
#include "speech/flite_tts.h"

namespace peregrine::bench {

QList<VoiceSpec> parseVoices(const QString& list) {
    QList<VoiceSpec> out;
    for (const QString& item : list.split(',', Qt::SkipEmptyParts)) {
        const QStringList parts = item.trimmed().split('@');
        VoiceSpec v;
        v.name = parts[0];
        if (parts.size() > 1) v.rate = parts[1].toDouble();
        if (v.rate > 0) out << v;
    }
    return out;
}

QString voicesLabel(const QList<VoiceSpec>& voices) {
    QStringList labels;
    for (const auto& v : voices) labels << v.label();
    return labels.join(',');
}

std::unique_ptr<speech::TextToSpeech> makeVoice(const VoiceSpec& spec, QString* error) {
    std::unique_ptr<speech::TextToSpeech> tts;
    if (spec.name == QLatin1String("espeak"))
        tts = std::make_unique<speech::EspeakTts>(QStringLiteral("en-us"), spec.rate);
    else
        tts = std::make_unique<speech::FliteTts>(spec.name, spec.rate);
    if (tts->isReady()) return tts;
    *error = QStringLiteral("voice %1: %2").arg(spec.label(), tts->errorString());
    return nullptr;
}

QString NoiseSpec::label() const {
    return kind == QLatin1String("clean") ? kind : QStringLiteral("%1 %2 dB").arg(kind).arg(snrDb);
}

QList<NoiseSpec> parseNoises(const QString& list) {
    QList<NoiseSpec> out;
    for (const QString& item : list.split(',', Qt::SkipEmptyParts)) {
        const QStringList parts = item.trimmed().split(':');
        out << NoiseSpec{parts[0], parts.size() > 1 ? parts[1].toDouble() : 0.0};
    }
    return out;
}

bool NoiseBank::load(QString* error) {
    if (QStandardPaths::findExecutable(QStringLiteral("sox")).isEmpty()) {
        *error = QStringLiteral("sox is not installed (road noise)");
        return false;
    }
    QTemporaryDir dir;
    for (const QString kind : {QStringLiteral("brown"), QStringLiteral("pink")}) {
        const QString path = dir.filePath(kind + QStringLiteral(".wav"));
        const QString synth = QStringLiteral("-n -r 16000 -c 1 -b 16 %1 synth 60 %2noise").arg(path, kind);
        const bool made = QProcess::execute(QStringLiteral("sox"), synth.split(' ')) == 0;
        auto pcm = audio::readWav16kMono(path.toStdString());
        if (!made || !pcm || pcm.value().empty()) {
            *error = QStringLiteral("sox could not make %1 noise").arg(kind);
            return false;
        }
        m_noise[kind] = pcm.value();
    }
    return true;
}

double NoiseBank::rms(const audio::Pcm& pcm) {
    double sum = 0;
    size_t n = 0;
    for (int16_t s : pcm) {
        if (s == 0) continue;  // the pauses between sentences are digital silence: not speech
        sum += static_cast<double>(s) * s;
        ++n;
    }
    return n == 0 ? 0 : std::sqrt(sum / n);
}

void NoiseBank::mix(audio::Pcm& audio, const NoiseSpec& noise, double speechRms) {
    const auto it = m_noise.find(noise.kind);
    if (it == m_noise.end() || audio.empty()) return;
    const audio::Pcm& n = it->second;
    const double gain = speechRms / std::max(1.0, rms(n)) / std::pow(10.0, noise.snrDb / 20);
    for (int16_t& s : audio) {
        const double v = s + gain * n[m_offset++ % n.size()];
        s = static_cast<int16_t>(std::clamp(v, -32768.0, 32767.0));
    }
}

audio::Pcm talkRadio(speech::TextToSpeech& voice, double seconds, uint32_t seed, const QString& wakePhrase) {
    const auto target = static_cast<size_t>(audio::msToSamples(seconds * 1000));
    std::mt19937 rng(seed);
    audio::Pcm out;
    // Enough sentences for the target at a brisk 2 s each; more are generated if the voice is fast.
    QStringList sentences = talkRadioSentences(static_cast<int>(seconds / 2) + 8, seed, wakePhrase);
    for (int i = 0; out.size() < target; ++i) {
        if (i == sentences.size()) sentences += talkRadioSentences(sentences.size(), seed + i, wakePhrase);
        const audio::Pcm speech = voice.synthesize(sentences[i]);
        out.insert(out.end(), speech.begin(), speech.end());
        out.insert(out.end(), audio::msToSamples(150 + rng() % 550), 0);
    }
    out.resize(target);
    return out;
}

WakeClip wakeClip(speech::TextToSpeech& voice, const WakeUtterance& utterance) {
    WakeClip clip;
    clip.audio.assign(audio::msToSamples(500), 0);
    if (!utterance.before.isEmpty()) {
        const audio::Pcm before = voice.synthesize(utterance.before);
        clip.audio.insert(clip.audio.end(), before.begin(), before.end());
        clip.audio.insert(clip.audio.end(), audio::msToSamples(250), 0);
    }
    clip.phraseStart = clip.audio.size();
    const audio::Pcm spoken = voice.synthesize(utterance.spoken);
    clip.audio.insert(clip.audio.end(), spoken.begin(), spoken.end());
    clip.audio.insert(clip.audio.end(), audio::msToSamples(500), 0);
    return clip;
}

}  // namespace peregrine::bench
