#include "cab_microphone.h"

#include <algorithm>
#include <cmath>

namespace peregrine::bench {

namespace {
constexpr int kEchoAbove = 33;  // |sample| above -60 dBFS counts as echo reaching the microphone
}

CabMicrophone::CabMicrophone(const QString& deviceName, QObject* parent)
    : AudioSource(audio::kSampleRate * 2, parent), m_device(new audio::DeviceCapture(this)) {
    m_device->setDeviceName(deviceName);
    m_dump = qEnvironmentVariableIsSet("ECHO_BENCH_DUMP");
    connect(m_device, &audio::AudioSource::dataAvailable, this, &CabMicrophone::onDeviceData);
    connect(m_device, &audio::AudioSource::errorOccurred, this, &audio::AudioSource::errorOccurred);
}

bool CabMicrophone::start() {
    return m_device->start();
}

void CabMicrophone::stop() {
    m_device->stop();
}

void CabMicrophone::setNoise(audio::Pcm noise, double gain) {
    m_noise = std::move(noise);
    m_noiseGain = m_noise.empty() ? 0 : gain;
}

void CabMicrophone::scheduleDriver(audio::Pcm words, int64_t at) {
    m_driver = std::move(words);
    m_driverAt = at;
}

void CabMicrophone::onDeviceData() {
    int16_t block[audio::kFrameSamples];
    int16_t raw[audio::kFrameSamples];
    while (const size_t n = m_device->read(block, audio::kFrameSamples)) {
        std::copy_n(block, n, raw);
        const int64_t lastEchoBefore = m_lastEcho;
        for (size_t i = 0; i < n; ++i) {
            const int64_t pos = m_position + static_cast<int64_t>(i);
            const double echo = block[i];
            if (std::abs(block[i]) > kEchoAbove) {
                m_lastEcho = pos;
                if (m_firstEcho < 0) m_firstEcho = pos;
            }
            m_echoEnergy += echo * echo;
            double v = echo;
            if (m_noiseGain > 0) {
                v += m_noiseGain * m_noise[m_noisePos];
                m_noisePos = (m_noisePos + 1) % m_noise.size();
            }
            const int64_t k = pos - m_driverAt;
            if (m_driverAt >= 0 && k >= 0 && k < static_cast<int64_t>(m_driver.size())) v += m_driver[k];
            block[i] = static_cast<int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
        }
        if (m_lastEcho != lastEchoBefore) m_lastEchoWall = std::chrono::steady_clock::now();  // once a block
        m_position += static_cast<int64_t>(n);
        if (m_dump) m_raw.insert(m_raw.end(), raw, raw + n);
        push(block, n);
    }
}

}  // namespace peregrine::bench
