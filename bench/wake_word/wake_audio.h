// The audio of bench/wake_word: voices ("slt@1.0": a flite voice or "espeak" at a speaking rate), road noise
// conditions (sox brown or pink noise at an SNR, or clean), talk radio streams and wake phrase clips.
#pragma once

#include <QString>
#include <QStringList>
#include <map>
#include <memory>

#include "audio/pcm.h"
#include "speech/text_to_speech.h"
#include "talk_corpus.h"

namespace peregrine::bench {

struct VoiceSpec {
    QString name;  // slt, rms, awb, kal (flite) or espeak (espeak-ng en-us)
    double rate = 1.0;
    QString label() const { return name + '@' + QString::number(rate, 'g', 3); }
};
// "slt@1.0,espeak@1.3" (a missing rate is 1.0)
QList<VoiceSpec> parseVoices(const QString& list);
QString voicesLabel(const QList<VoiceSpec>& voices);
// nullptr with the reason in error when the engine or voice is missing
std::unique_ptr<speech::TextToSpeech> makeVoice(const VoiceSpec& spec, QString* error);

struct NoiseSpec {
    QString kind;  // "clean", "brown", "pink"
    double snrDb = 0;
    QString label() const;
};
// "clean,brown:10,brown:0,pink:5"
QList<NoiseSpec> parseNoises(const QString& list);

// Sixty seconds of each noise colour from sox (looped when mixed).
class NoiseBank {
public:
    bool load(QString* error);
    // Mixes noise into audio so that speechRms / noiseRms is the SNR; offset walks through the noise.
    void mix(audio::Pcm& audio, const NoiseSpec& noise, double speechRms);
    static double rms(const audio::Pcm& pcm);  // of the non-zero samples (speech, not the pauses)

private:
    std::map<QString, audio::Pcm> m_noise;
    size_t m_offset = 0;
};

// Talk radio: sentences with pauses of 150-700 ms, until seconds of audio, then noise. Returns the audio.
audio::Pcm talkRadio(speech::TextToSpeech& voice, double seconds, uint32_t seed, const QString& wakePhrase);

struct WakeClip {
    audio::Pcm audio;
    size_t phraseStart = 0;  // sample where the wake phrase begins
};
// Half a second of lead-in, the carrier, a 250 ms pause, the wake phrase (and request), half a second after.
WakeClip wakeClip(speech::TextToSpeech& voice, const WakeUtterance& utterance);

}  // namespace peregrine::bench
