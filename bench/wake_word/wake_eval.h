// Scoring of bench/wake_word: each keyphrase threshold gets its own recognizer behind the app's Idle path
// (voice::WakeSpotter over speech::PocketsphinxStt in WakeWord mode, restarted every 30 s), and every
// detector hears the same audio. False accepts: detections in talk radio without the wake phrase (after one,
// the spotter starts a new search at the next frame, as the app's would when the turn it started ends; the
// app would first listen for a question, so this counts at least as many as the app would make). Misses:
// wake phrase clips with no detection from the start of the phrase to the end of the clip.
#pragma once

#include <QString>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "audio/audio_front_end.h"
#include "speech/pocketsphinx_stt.h"
#include "voice/wake_spotter.h"
#include "wake_audio.h"

namespace peregrine::bench {

struct WakeCounts {
    double negativeSeconds = 0;
    int falseAccepts = 0;
    int positives = 0, misses = 0;
    double faPerHour() const { return negativeSeconds > 0 ? falseAccepts * 3600.0 / negativeSeconds : 0; }
    double missRate() const { return positives > 0 ? static_cast<double>(misses) / positives : 0; }
    void add(const WakeCounts& o);
};

class WakeDetector {
public:
    // processed: recognize the front end's output (VoiceConfig::recognizeProcessedAudio); the app's default
    // feeds the raw microphone to the recognizer, so the front end is skipped then (it changes nothing).
    WakeDetector(double threshold, const QString& wakePhrase, bool processed);
    bool isReady() const { return m_stt.isReady(); }
    QString errorString() const { return m_stt.errorString(); }
    double threshold() const { return m_threshold; }
    // Feeds whole frames; returns the sample offsets (in pcm) at whose frame end the phrase was heard.
    std::vector<size_t> feed(const audio::Pcm& pcm);
    void restart() { m_spotter.stop(); }

private:
    double m_threshold;
    speech::PocketsphinxStt m_stt;
    voice::WakeSpotter m_spotter;
    std::unique_ptr<audio::AudioFrontEnd> m_frontEnd;
};

struct WakeSetSpec {
    QList<VoiceSpec> voices;
    QList<NoiseSpec> noises;
    double negativeSeconds = 3600;  // talk radio in all, shared equally by voices and noises
    int positivesPerCell = 25;      // wake phrase clips per voice and noise
    uint32_t seed = 1;
    QString wakePhrase;
    int jobs = 1;  // detectors heard in parallel (threads)
};

// Per detector: counts by noise label. progress(text) reports each cell.
using WakeResults = std::vector<std::map<QString, WakeCounts>>;
bool evaluateWakeSet(const WakeSetSpec& set, std::vector<std::unique_ptr<WakeDetector>>& detectors,
                     NoiseBank& noise, WakeResults* results, QString* error,
                     const std::function<void(const QString&)>& progress);

}  // namespace peregrine::bench
