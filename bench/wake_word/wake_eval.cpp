#include "wake_eval.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace peregrine::bench {

void WakeCounts::add(const WakeCounts& o) {
    negativeSeconds += o.negativeSeconds;
    falseAccepts += o.falseAccepts;
    positives += o.positives;
    misses += o.misses;
}

namespace {
speech::PocketsphinxOptions optionsFor(double threshold, const QString& wakePhrase) {
    speech::PocketsphinxOptions o;
    o.wakeThreshold = threshold;
    if (!wakePhrase.isEmpty()) o.wakePhrase = wakePhrase;
    return o;
}
// Runs work(0..count-1) on up to jobs threads (each detector has its own recognizer).
void forEachDetector(size_t count, int jobs, const std::function<void(size_t)>& work) {
    std::atomic<size_t> next{0};
    auto worker = [&] {
        for (size_t d = next++; d < count; d = next++) work(d);
    };
    std::vector<std::thread> threads;
    for (int j = 1; j < std::min<int>(jobs, static_cast<int>(count)); ++j) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
}

}  // namespace

WakeDetector::WakeDetector(double threshold, const QString& wakePhrase, bool processed)
    : m_threshold(threshold), m_stt(optionsFor(threshold, wakePhrase)), m_spotter(&m_stt) {
    if (processed) m_frontEnd = std::make_unique<audio::AudioFrontEnd>();
}

std::vector<size_t> WakeDetector::feed(const audio::Pcm& pcm) {
    std::vector<size_t> heard;
    int16_t frame[audio::kFrameSamples];
    for (size_t at = 0; at + audio::kFrameSamples <= pcm.size(); at += audio::kFrameSamples) {
        std::copy_n(pcm.data() + at, audio::kFrameSamples, frame);
        if (m_frontEnd) m_frontEnd->process(frame);
        if (m_spotter.push(frame, audio::kFrameSamples)) heard.push_back(at + audio::kFrameSamples);
    }
    return heard;
}

bool evaluateWakeSet(const WakeSetSpec& set, std::vector<std::unique_ptr<WakeDetector>>& detectors,
                     NoiseBank& noise, WakeResults* results, QString* error,
                     const std::function<void(const QString&)>& progress) {
    results->assign(detectors.size(), {});
    const int cells = std::max(1, static_cast<int>(set.voices.size() * set.noises.size()));
    const double negPerCell = set.negativeSeconds / cells;
    uint32_t seed = set.seed;
    for (const VoiceSpec& v : set.voices) {
        auto voice = makeVoice(v, error);
        if (!voice) return false;
        for (const NoiseSpec& n : set.noises) {
            ++seed;
            // Talk radio: one continuous stream through every detector.
            audio::Pcm radio = talkRadio(*voice, negPerCell, seed * 7919u, set.wakePhrase);
            if (n.kind != QLatin1String("clean")) noise.mix(radio, n, NoiseBank::rms(radio));
            // Wake phrases: each clip heard from a fresh search.
            const auto utterances = wakeUtterances(set.positivesPerCell, seed * 104729u, set.wakePhrase);
            std::vector<WakeClip> clips;
            for (const WakeUtterance& u : utterances) {
                clips.push_back(wakeClip(*voice, u));
                if (n.kind != QLatin1String("clean"))
                    noise.mix(clips.back().audio, n, NoiseBank::rms(clips.back().audio));
            }
            std::vector<int> fa(detectors.size(), 0), misses(detectors.size(), 0);
            forEachDetector(detectors.size(), set.jobs, [&](size_t d) {
                fa[d] = static_cast<int>(detectors[d]->feed(radio).size());
                for (const WakeClip& clip : clips) {
                    detectors[d]->restart();
                    const auto heard = detectors[d]->feed(clip.audio);
                    const bool hit = std::any_of(heard.begin(), heard.end(),
                                                 [&](size_t at) { return at > clip.phraseStart; });
                    misses[d] += hit ? 0 : 1;
                }
            });
            for (size_t d = 0; d < detectors.size(); ++d) {
                WakeCounts c;
                c.negativeSeconds = static_cast<double>(radio.size()) / audio::kSampleRate;
                c.falseAccepts = fa[d];
                c.positives = static_cast<int>(utterances.size());
                c.misses = misses[d];
                (*results)[d][n.label()].add(c);
            }
            if (progress)
                progress(QStringLiteral("%1, %2: %3 s of talk radio, %4 wake phrases")
                             .arg(v.label(), n.label())
                             .arg(radio.size() / audio::kSampleRate)
                             .arg(utterances.size()));
        }
    }
    return true;
}

}  // namespace peregrine::bench
