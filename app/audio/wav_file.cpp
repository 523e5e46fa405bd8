#include "audio/wav_file.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "audio/resampler.h"

namespace peregrine::audio {

namespace {

uint16_t le16(const unsigned char* p) {
    return static_cast<uint16_t>(p[0] | (p[1] << 8));
}
uint32_t le32(const unsigned char* p) {
    return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
           (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
void put16(std::string& s, uint16_t v) {
    s.push_back(static_cast<char>(v & 0xff));
    s.push_back(static_cast<char>(v >> 8));
}
void put32(std::string& s, uint32_t v) {
    for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

constexpr uint16_t kFormatPcm = 1;
constexpr uint16_t kFormatFloat = 3;
constexpr uint16_t kFormatExtensible = 0xfffe;

float decodeSample(const unsigned char* p, uint16_t format, int bits) {
    if (format == kFormatFloat) {
        if (bits == 32) {
            float f;
            std::memcpy(&f, p, 4);
            return f;
        }
        double d;
        std::memcpy(&d, p, 8);
        return static_cast<float>(d);
    }
    switch (bits) {
        case 8:
            return (static_cast<int>(p[0]) - 128) / 128.0f;
        case 16:
            return static_cast<int16_t>(le16(p)) / 32768.0f;
        case 24: {
            int32_t v =
                static_cast<int32_t>((p[0] << 8) | (p[1] << 16) | (static_cast<uint32_t>(p[2]) << 24)) >> 8;
            return v / 8388608.0f;
        }
        default:
            return static_cast<int32_t>(le32(p)) / 2147483648.0f;
    }
}

}  // namespace

Result<WavData> readWav(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::error("cannot open audio file " + path);
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto fail = [&](const std::string& why) { return Status::error(path + ": " + why); };
    if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) || std::memcmp(bytes.data() + 8, "WAVE", 4))
        return fail("not a WAV (RIFF/WAVE) file");

    uint16_t format = 0, channels = 0, bits = 0;
    uint32_t rate = 0;
    const unsigned char* data = nullptr;
    size_t dataSize = 0;
    size_t pos = 12;
    while (pos + 8 <= bytes.size()) {
        const unsigned char* chunk = bytes.data() + pos;
        const size_t size = le32(chunk + 4);
        const size_t avail = bytes.size() - pos - 8;
        if (!std::memcmp(chunk, "fmt ", 4)) {
            if (size < 16 || size > avail) return fail("truncated fmt chunk");
            format = le16(chunk + 8);
            channels = le16(chunk + 10);
            rate = le32(chunk + 12);
            bits = le16(chunk + 22);
            if (format == kFormatExtensible && size >= 26) format = le16(chunk + 8 + 24);
        } else if (!std::memcmp(chunk, "data", 4)) {
            data = chunk + 8;
            dataSize = std::min(size, avail);  // tolerate a truncated data chunk (streamed writers)
            break;
        }
        if (size > avail) return fail("truncated chunk");
        pos += 8 + size + (size & 1);
    }
    if (!format) return fail("missing fmt chunk");
    if (!data) return fail("missing data chunk");
    if (format != kFormatPcm && format != kFormatFloat)
        return fail("unsupported WAV encoding (PCM or float only)");
    const bool bitsOk = format == kFormatPcm ? (bits == 8 || bits == 16 || bits == 24 || bits == 32)
                                             : (bits == 32 || bits == 64);
    if (!bitsOk) return fail("unsupported sample size of " + std::to_string(bits) + " bits");
    if (channels < 1 || channels > 32) return fail("bad channel count " + std::to_string(channels));
    if (rate < 1000 || rate > 384000) return fail("bad sample rate " + std::to_string(rate));

    WavData wav;
    wav.sampleRate = static_cast<int>(rate);
    wav.channels = channels;
    const size_t bytesPerSample = bits / 8;
    const size_t count = dataSize / bytesPerSample / channels * channels;
    wav.samples.resize(count);
    for (size_t i = 0; i < count; ++i) wav.samples[i] = decodeSample(data + i * bytesPerSample, format, bits);
    return wav;
}

Result<Pcm> readWav16kMono(const std::string& path) {
    auto wav = readWav(path);
    if (!wav) return wav.status();
    return toInt16(resample(mixToMono(wav->samples, wav->channels), wav->sampleRate, kSampleRate));
}

Status writeWav(const std::string& path, const int16_t* samples, size_t count, int sampleRate, int channels) {
    const uint32_t dataBytes = static_cast<uint32_t>(count * 2);
    std::string header;
    header += "RIFF";
    put32(header, 36 + dataBytes);
    header += "WAVEfmt ";
    put32(header, 16);
    put16(header, kFormatPcm);
    put16(header, static_cast<uint16_t>(channels));
    put32(header, static_cast<uint32_t>(sampleRate));
    put32(header, static_cast<uint32_t>(sampleRate * channels * 2));
    put16(header, static_cast<uint16_t>(channels * 2));
    put16(header, 16);
    header += "data";
    put32(header, dataBytes);
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return Status::error("cannot write audio file " + path);
    std::string body(count * 2, '\0');
    for (size_t i = 0; i < count; ++i) {  // little-endian regardless of host
        body[2 * i] = static_cast<char>(samples[i] & 0xff);
        body[2 * i + 1] = static_cast<char>((samples[i] >> 8) & 0xff);
    }
    bool ok = std::fwrite(header.data(), 1, header.size(), f) == header.size() &&
              std::fwrite(body.data(), 1, body.size(), f) == body.size();
    ok = (std::fclose(f) == 0) && ok;
    if (!ok) return Status::error("error while writing audio file " + path);
    return Status::ok();
}

}  // namespace peregrine::audio
