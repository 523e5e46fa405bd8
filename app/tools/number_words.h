// Numbers and durations as a recognizer writes them: digits ("45") or words ("forty five", "a", "an",
// "twenty one", "one hundred and five", "half"), and durations such as "five minutes", "an hour and a half",
// "one hour thirty minutes", "ninety seconds", "half an hour". Pure functions, thread-safe, microseconds.
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace peregrine::tools {

// The number the words spell, all of them used ("forty five" -> 45, "3" -> 3, "two point five" -> 2.5);
// nullopt when any word is not part of a number.
std::optional<double> parseNumber(const QStringList& words);
std::optional<double> parseNumber(const QString& text);

// The duration in milliseconds that text spells, all of it used ("for" and "and" allowed between parts);
// nullopt when it is not a duration, or zero.
std::optional<qint64> parseDuration(const QString& text);

// "5 minutes", "1 hour 30 minutes", "45 seconds", "1 minute 30 seconds" (what is said back).
QString formatDuration(qint64 ms);

// Lower case, punctuation removed (apostrophes kept), hyphens to spaces, single spaces: the form the direct
// commands match against.
QString normalizeTranscript(const QString& text);

}  // namespace peregrine::tools
