#include "talk_corpus.h"

#include <QHash>
#include <QRegularExpression>
#include <random>

namespace peregrine::bench {

namespace {

using Rng = std::mt19937;

QStringList pick(const char* slot) {
    static const QHash<QString, QStringList> fillers = {
        {"city",
         {"Springfield", "the county", "Riverside", "the capital", "Lakewood", "Fairview", "Oak Ridge"}},
        {"topic",
         {"the new bridge", "school funding", "a parking plan", "the water rates", "bike lanes",
          "the harbor project", "a noise ordinance"}},
        {"when", {"last night", "this morning", "on Tuesday", "earlier today", "after a long debate"}},
        {"road",
         {"interstate ninety", "route nine", "the ring road", "highway one", "the coast road",
          "the northbound bypass"}},
        {"flow",
         {"moving slowly", "backed up for three miles", "clear", "down to one lane", "heavy but moving"}},
        {"place",
         {"exit twelve", "the airport", "the river crossing", "the mall", "the tunnel", "Pine Street"}},
        {"weather",
         {"light rain", "scattered showers", "clear skies", "patchy fog", "gusty winds", "some sun"}},
        {"part", {"morning", "afternoon", "evening", "weekend", "overnight"}},
        {"team", {"Hawks", "Rangers", "Falcons", "Pirates", "Giants", "Comets", "Grizzlies", "Pilgrims"}},
        {"name", {"Mike", "Sarah", "Dave", "Linda", "Tony", "Grace", "Perry", "Greg", "Paige"}},
        {"product",
         {"winter tires", "a new mattress", "home insurance", "garden tools", "fresh paint",
          "a family sedan"}},
        {"number", {"two", "seven", "twelve", "twenty", "forty five", "sixty", "a hundred"}},
    };
    return fillers.value(QString::fromLatin1(slot));
}

const QStringList& templates() {
    static const QStringList list = {
        "{city} council voted on {topic} {when}.",
        "Traffic on {road} is {flow} near {place}.",
        "Expect {weather} this {part}, with temperatures around {number} degrees.",
        "The {team} beat the {team} {number} to {number} {when}.",
        "Good morning {name}, you are on the air.",
        "Hey {name}, thanks for calling in.",
        "Hey there, welcome back to the show.",
        "Say hey to everyone at home for me, {name}.",
        "Call now and save {number} percent on {product}.",
        "A peregrine falcon can dive faster than any other animal.",
        "We saw a pair of peregrines over {place} {when}.",
        "The peregrine nest on the bridge near {place} has {number} chicks.",
        "That story made me grin from ear to ear.",
        "Read the next paragraph carefully before you sign anything.",
        "Pair your phone with the car before you leave {place}.",
        "Hey, did anybody else see the traffic near {place}?",
        "Our guest {name} says the pilgrims walked {number} miles a day.",
        "Stay tuned, {name} has the {weather} forecast after the break.",
        "The perennial garden show opens {when} at {place}.",
        "Please drive carefully on {road}, it is {flow}.",
        "Hey hey, it is the {part} drive with {name} and {name}.",
        "Grab a pear, grin and bear it, the {team} are on next.",
        "The peregrine fund raised {number} thousand dollars {when}.",
        "If you are just joining us, traffic on {road} is {flow}.",
        "{name} wants to know why {topic} costs so much.",
        "That is a fair question, {name}, and the answer is {number}.",
    };
    return list;
}

QString fill(QString text, Rng& rng) {
    static const QRegularExpression slot(QStringLiteral(R"(\{([a-z]+)\})"));
    for (auto m = slot.match(text); m.hasMatch(); m = slot.match(text)) {
        const QStringList words = pick(m.captured(1).toLatin1().constData());
        text.replace(m.capturedStart(), m.capturedLength(), words[rng() % words.size()]);
    }
    return text;
}

QStringList wordsOf(const QString& text) {
    static const QRegularExpression nonWord(QStringLiteral("[^a-z' ]"));
    return text.toLower().replace('-', ' ').remove(nonWord).split(' ', Qt::SkipEmptyParts);
}

}  // namespace

bool containsWakePhrase(const QString& text, const QString& wakePhrase) {
    const QStringList phrase = wordsOf(wakePhrase);
    QStringList words = wordsOf(text);
    if (phrase.isEmpty()) return false;
    for (QString& w : words)
        if (w == QLatin1String("hay")) w = QStringLiteral("hey");
    for (int i = 0; i + phrase.size() <= words.size(); ++i)
        if (words.mid(i, phrase.size()) == phrase) return true;
    return false;
}

QStringList talkRadioSentences(int count, uint32_t seed, const QString& wakePhrase) {
    Rng rng(seed);
    QStringList out;
    while (out.size() < count) {
        const QString s = fill(templates()[rng() % templates().size()], rng);
        const QString joined = out.isEmpty() ? s : out.last() + ' ' + s;
        if (containsWakePhrase(joined, wakePhrase)) continue;
        out << s;
    }
    return out;
}

std::vector<WakeUtterance> wakeUtterances(int count, uint32_t seed, const QString& wakePhrase) {
    static const QStringList before = {"", "", "okay", "so", "um", "right", "and now"};
    static const QStringList after = {"",
                                      "",
                                      "what is the weather like",
                                      "how far is the next town",
                                      "turn it up",
                                      "tell me a short story",
                                      "is there a gas station nearby",
                                      "stop"};
    Rng rng(seed);
    std::vector<WakeUtterance> out;
    for (int i = 0; i < count; ++i) {
        WakeUtterance u;
        const int b = static_cast<int>(rng() % (before.size() + 1));
        // One in eight carries a whole talk radio sentence before the wake phrase.
        u.before = b == before.size() ? talkRadioSentences(1, rng(), wakePhrase).first() : before[b];
        const QString request = after[rng() % after.size()];
        u.spoken = request.isEmpty() ? wakePhrase : wakePhrase + QStringLiteral(", ") + request;
        out.push_back(u);
    }
    return out;
}

}  // namespace peregrine::bench
