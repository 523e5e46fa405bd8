#include <gtest/gtest.h>

#include "tokenizer/chat_template.h"

namespace peregrine {
namespace {

const std::vector<ChatMessage> kConversation = {
    {"system", "Be brief."}, {"user", "Hi"}, {"assistant", " Hello. "}, {"user", "Fuel?"}};

TEST(ChatTemplate, DetectsFamiliesFromJinjaMarkers) {
    EXPECT_EQ(detectChatFamily(std::nullopt), ChatFamily::ChatML);
    EXPECT_EQ(detectChatFamily(""), ChatFamily::ChatML);
    EXPECT_EQ(detectChatFamily("{{ something unknown }}"), ChatFamily::ChatML);
    EXPECT_EQ(detectChatFamily("{% for m in messages %}<|im_start|>{{ m.role }}{% endfor %}"),
              ChatFamily::ChatML);
    EXPECT_EQ(
        detectChatFamily("{{- bos_token }}'<|start_header_id|>' + message['role'] + '<|end_header_id|>"),
        ChatFamily::Llama3);
    EXPECT_EQ(detectChatFamily("{{ '<|user|>\\n' + m + '<|end|>\\n' }}"), ChatFamily::Phi3);
    EXPECT_EQ(detectChatFamily("{{ '<start_of_turn>' + role + '\\n' }}"), ChatFamily::Gemma);
    EXPECT_EQ(detectChatFamily("{{ '[INST] ' + content + ' [/INST]' }}"), ChatFamily::Mistral);
    EXPECT_EQ(detectChatFamily("{{ '[INST] <<SYS>>\\n' + sys + '\\n<</SYS>>' }}"), ChatFamily::Llama2);
    EXPECT_STREQ(chatFamilyName(ChatFamily::Llama3), "llama3");
}

TEST(ChatTemplate, ChatML) {
    EXPECT_EQ(applyChatTemplate(ChatFamily::ChatML, kConversation, true),
              "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
              "<|im_start|>assistant\n Hello. <|im_end|>\n<|im_start|>user\nFuel?<|im_end|>\n"
              "<|im_start|>assistant\n");
}

TEST(ChatTemplate, Llama3) {
    EXPECT_EQ(applyChatTemplate(ChatFamily::Llama3, kConversation, true),
              "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
              "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
              "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>"
              "<|start_header_id|>user<|end_header_id|>\n\nFuel?<|eot_id|>"
              "<|start_header_id|>assistant<|end_header_id|>\n\n");
    EXPECT_EQ(applyChatTemplate(ChatFamily::Llama3, std::span(kConversation).first(2), false),
              "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
              "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>");
}

TEST(ChatTemplate, Phi3) {
    EXPECT_EQ(applyChatTemplate(ChatFamily::Phi3, kConversation, true),
              "<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\n Hello. <|end|>\n"
              "<|user|>\nFuel?<|end|>\n<|assistant|>\n");
}

TEST(ChatTemplate, GemmaMergesSystemIntoFirstUserTurn) {
    EXPECT_EQ(applyChatTemplate(ChatFamily::Gemma, kConversation, true),
              "<start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\nHello.<end_of_turn>\n"
              "<start_of_turn>user\nFuel?<end_of_turn>\n<start_of_turn>model\n");
}

TEST(ChatTemplate, MistralV3) {
    EXPECT_EQ(applyChatTemplate(ChatFamily::Mistral, kConversation, true),
              "[INST] Be brief.\n\nHi[/INST] Hello.</s>[INST] Fuel?[/INST]");
}

TEST(ChatTemplate, Llama2WithSystemBlock) {
    EXPECT_EQ(applyChatTemplate(ChatFamily::Llama2, kConversation, true),
              "[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST]Hello.</s>[INST] Fuel? [/INST]");
}

// Qwen3: recognised by its thinking switch; the generation prompt turns thinking off with the empty think
// block Qwen3's template writes for enable_thinking=false.
TEST(ChatTemplate, Qwen3ThinkingOff) {
    EXPECT_EQ(detectChatFamily("{{- '<|im_start|>' + message.role }}{%- if enable_thinking is defined %}"),
              ChatFamily::Qwen3);
    EXPECT_EQ(detectChatFamily("<|im_start|>{{ content.split('</think>')[-1] }}<think>"), ChatFamily::Qwen3);
    EXPECT_STREQ(chatFamilyName(ChatFamily::Qwen3), "qwen3");
    EXPECT_EQ(applyChatTemplate(ChatFamily::Qwen3, std::span(kConversation).first(2), true),
              "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
              "<|im_start|>assistant\n<think>\n\n</think>\n\n");
    EXPECT_EQ(applyChatTemplate(ChatFamily::Qwen3, std::span(kConversation).first(2), false),
              applyChatTemplate(ChatFamily::ChatML, std::span(kConversation).first(2), false));
}

}  // namespace
}  // namespace peregrine
