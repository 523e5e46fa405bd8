#include "bench_report.h"

#include <cstdio>
#include <sstream>

namespace peregrine::bench {

namespace {

std::string fmt(const char* f, double a, double b = 0) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, a, b);
    return buf;
}

double mib(double bytes) {
    return bytes / 1048576.0;
}

std::string jsonEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;
        out += c;
    }
    return out;
}

std::string jsonArray(const std::vector<double>& v) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + fmt("%.3f", v[i]);
    return out + "]";
}

}  // namespace

double decodeEfficiency(const TestRow& row) {
    if (row.nGen == 0 || row.bandwidth <= 0) return 0;
    if (row.bandwidthPerRep.size() == row.tokPerSec.size() && !row.tokPerSec.empty()) {
        // Each run against the bandwidth measured right after it.
        double sum = 0;
        for (size_t i = 0; i < row.tokPerSec.size(); ++i)
            if (row.bandwidthPerRep[i] > 0)
                sum += row.tokPerSec[i] * row.bytesPerToken / row.bandwidthPerRep[i];
        return sum / static_cast<double>(row.tokPerSec.size());
    }
    return mean(row.tokPerSec) * row.bytesPerToken / row.bandwidth;
}

std::string formatReport(const BenchResult& r, OutputFormat format) {
    std::ostringstream o;
    const std::string model = r.modelName + " " + r.fileType;
    if (format == OutputFormat::Json) {
        o << "{\n  \"model\": \"" << jsonEscape(model) << "\",\n  \"path\": \"" << jsonEscape(r.modelPath)
          << "\",\n  \"file_bytes\": " << r.fileBytes << ",\n  \"params\": " << r.params
          << ",\n  \"kernels\": \"" << r.kernelTarget << "\",\n  \"load_s\": " << fmt("%.4f", r.loadSeconds)
          << ",\n  \"peak_rss_bytes\": " << r.peakRssBytes << ",\n  \"kv_cache_bytes\": " << r.kvBytes
          << ",\n  \"tests\": [\n";
        for (size_t i = 0; i < r.rows.size(); ++i) {
            const TestRow& t = r.rows[i];
            o << "    {\"test\": \"" << t.test << "\", \"threads\": " << t.threads
              << ", \"n_prompt\": " << t.nPrompt << ", \"n_gen\": " << t.nGen
              << ", \"avg_ts\": " << fmt("%.3f", mean(t.tokPerSec))
              << ", \"stddev_ts\": " << fmt("%.3f", stddev(t.tokPerSec))
              << ", \"samples_ts\": " << jsonArray(t.tokPerSec)
              << ", \"ttft_ms\": " << fmt("%.2f", mean(t.ttftMs))
              << ", \"bandwidth_gbs\": " << fmt("%.3f", t.bandwidth / 1e9)
              << ", \"bytes_per_token\": " << fmt("%.0f", t.bytesPerToken)
              << ", \"decode_efficiency\": " << fmt("%.4f", decodeEfficiency(t)) << ", \"note\": \""
              << jsonEscape(t.note) << "\"}" << (i + 1 < r.rows.size() ? ",\n" : "\n");
        }
        o << "  ]\n}\n";
        return o.str();
    }
    if (format == OutputFormat::Csv) {
        o << "model,file_bytes,params,kernels,threads,test,avg_ts,stddev_ts,ttft_ms,load_s,peak_rss_bytes,"
             "bandwidth_gbs,bytes_per_token,decode_efficiency\n";
        for (const TestRow& t : r.rows)
            o << '"' << model << "\"," << r.fileBytes << ',' << r.params << ',' << r.kernelTarget << ','
              << t.threads << ',' << t.test << ',' << fmt("%.3f", mean(t.tokPerSec)) << ','
              << fmt("%.3f", stddev(t.tokPerSec)) << ',' << fmt("%.2f", mean(t.ttftMs)) << ','
              << fmt("%.4f", r.loadSeconds) << ',' << r.peakRssBytes << ',' << fmt("%.3f", t.bandwidth / 1e9)
              << ',' << fmt("%.0f", t.bytesPerToken) << ',' << fmt("%.4f", decodeEfficiency(t)) << '\n';
        return o.str();
    }
    o << "| model | size | params | backend | threads | test | t/s | TTFT ms | BW GB/s | efficiency |\n"
      << "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    for (const TestRow& t : r.rows) {
        o << "| " << model << " | " << fmt("%.2f MiB", mib(r.fileBytes)) << " | "
          << fmt("%.2f B", r.params / 1e9) << " | CPU " << r.kernelTarget << " | " << t.threads << " | "
          << t.test << " | " << fmt("%.2f ± %.2f", mean(t.tokPerSec), stddev(t.tokPerSec)) << " | "
          << (t.nPrompt ? fmt("%.1f", mean(t.ttftMs)) : std::string("-")) << " | "
          << fmt("%.2f", t.bandwidth / 1e9) << " | "
          << (t.nGen ? fmt("%.3f", decodeEfficiency(t)) : std::string("-")) << " |"
          << (t.note.empty() ? "" : " " + t.note) << "\n";
    }
    o << "\nload " << fmt("%.3f s", r.loadSeconds) << ", peak RSS " << fmt("%.1f MiB", mib(r.peakRssBytes))
      << " (file " << fmt("%.1f MiB", mib(r.fileBytes)) << " + KV " << fmt("%.1f MiB", mib(r.kvBytes))
      << " + 64 MiB = " << fmt("%.1f MiB budget)", mib(r.fileBytes + r.kvBytes) + 64) << "\n";
    return o.str();
}

}  // namespace peregrine::bench
