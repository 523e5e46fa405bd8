// CabMicrophone: the app's real microphone (DeviceCapture on the rig's PeregrineMic, which carries the
// loudspeaker's echo) with the rest of the cab added sample-exactly on the way to the voice loop: road noise
// (a sox-made recording, looped) and, when scheduled, the driver's question. Because the echo is captured
// separately from what is added, the bench knows at every sample whether the assistant's voice was still
// reaching the microphone, and exactly where the driver's first word starts.
//
// Positions are capture samples since start(). Thread: the voice thread (the bench's main thread); the
// device callback of the wrapped DeviceCapture stays copy-only, the mixing happens here on dataAvailable.
#pragma once

#include <chrono>
#include <memory>

#include "audio/device_capture.h"

namespace peregrine::bench {

class CabMicrophone : public audio::AudioSource {
    Q_OBJECT
public:
    explicit CabMicrophone(const QString& deviceName, QObject* parent = nullptr);

    bool start() override;
    void stop() override;
    bool isActive() const override { return m_device->isActive(); }

    // Road noise, looped, scaled by gain (0: none).
    void setNoise(audio::Pcm noise, double gain);
    // The driver's words, added from capture sample `at` on (replaces one not yet finished).
    void scheduleDriver(audio::Pcm words, int64_t at);

    int64_t position() const { return m_position; }  // samples delivered so far
    // Samples the consumer has not read yet (the voice loop's position is position() - unread()).
    int64_t consumed() const { return m_position - static_cast<int64_t>(available()); }
    // Last capture sample at which the echo alone (before noise and driver) was above -60 dBFS.
    int64_t lastEchoSample() const { return m_lastEcho; }
    // When the device delivered that sample (wall clock).
    std::chrono::steady_clock::time_point lastEchoArrival() const { return m_lastEchoWall; }
    const audio::Pcm& rawEcho() const { return m_raw; }      // everything captured (ECHO_BENCH_DUMP only)
    int64_t firstEchoSample() const { return m_firstEcho; }  // the first such sample since resetEchoEnergy()
    double echoEnergy() const { return m_echoEnergy; }       // sum of squares of the echo alone, since reset
    void resetEchoEnergy() {
        m_echoEnergy = 0;
        m_firstEcho = -1;
    }

private:
    void onDeviceData();

    audio::DeviceCapture* m_device;
    audio::Pcm m_raw;
    audio::Pcm m_noise;
    double m_noiseGain = 0;
    size_t m_noisePos = 0;
    audio::Pcm m_driver;
    int64_t m_driverAt = -1;
    int64_t m_position = 0;
    bool m_dump = false;
    int64_t m_lastEcho = -1;
    std::chrono::steady_clock::time_point m_lastEchoWall;
    int64_t m_firstEcho = -1;
    double m_echoEnergy = 0;
};

}  // namespace peregrine::bench
