// Extended grapheme clusters (Unicode UAX #29), which StdLib.strLen counts as .NET's StringInfo text
// elements: "🦆" and "ã" (a + combining tilde) are one element each.
#include <cstddef>
#include <cstdint>

#include "native_internal.hpp"

namespace neo::vm::app::native::detail {

namespace {

#include "grapheme_table.inc"

// Grapheme_Cluster_Break values as numbered by gen_grapheme_table.py.
enum Gcb : std::uint8_t {
  kOther = 0,
  kCR = 1,
  kLF = 2,
  kControl = 3,
  kExtend = 4,
  kZWJ = 5,
  kRegionalIndicator = 6,
  kPrepend = 7,
  kSpacingMark = 8,
  kL = 9,
  kV = 10,
  kT = 11,
  kLV = 12,
  kLVT = 13,
};

enum InCB : std::uint8_t { kInCBNone = 0, kInCBLinker = 1, kInCBConsonant = 2, kInCBExtend = 3 };

struct Props {
  Gcb gcb;
  bool pictographic;
  InCB incb;
};

Props properties(std::uint32_t cp) noexcept {
  // The last run starting at or before cp.
  std::size_t lo = 0, hi = sizeof(kGraphemeRuns) / sizeof(kGraphemeRuns[0]);
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    if ((kGraphemeRuns[mid] >> 8) <= cp) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  const std::uint32_t v = kGraphemeRuns[lo] & 0xFF;
  return {static_cast<Gcb>(v & 15), (v & 16) != 0, static_cast<InCB>((v >> 5) & 3)};
}

// Next code point of valid UTF-8 (the caller validated it).
std::uint32_t next_code_point(const unsigned char* s, std::size_t n, std::size_t& i) noexcept {
  const std::uint32_t b0 = s[i];
  std::size_t len = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  if (i + len > n) len = n - i;
  std::uint32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (s[i + k] & 0x3Fu);
  i += len;
  return cp;
}

bool is_control(Gcb g) noexcept { return g == kCR || g == kLF || g == kControl; }

}  // namespace

std::size_t count_text_elements(std::string_view utf8) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  const std::size_t n = utf8.size();
  std::size_t i = 0;
  std::size_t count = 0;
  bool have_previous = false;
  Props prev{kOther, false, kInCBNone};
  std::size_t regional_run = 0;  // regional indicators ending at prev
  int emoji_state = 0;           // GB11: 1 = ExtPict Extend*, 2 = ExtPict Extend* ZWJ
  int conjunct_state = 0;        // GB9c: 1 = Consonant [Extend|Linker]*, 2 = the same with a Linker seen
  while (i < n) {
    const Props cur = properties(next_code_point(s, n, i));
    bool boundary = true;
    if (!have_previous) {
      boundary = true;  // GB1
    } else if (prev.gcb == kCR && cur.gcb == kLF) {
      boundary = false;  // GB3
    } else if (is_control(prev.gcb) || is_control(cur.gcb)) {
      boundary = true;  // GB4, GB5
    } else if (prev.gcb == kL && (cur.gcb == kL || cur.gcb == kV || cur.gcb == kLV || cur.gcb == kLVT)) {
      boundary = false;  // GB6
    } else if ((prev.gcb == kLV || prev.gcb == kV) && (cur.gcb == kV || cur.gcb == kT)) {
      boundary = false;  // GB7
    } else if ((prev.gcb == kLVT || prev.gcb == kT) && cur.gcb == kT) {
      boundary = false;  // GB8
    } else if (cur.gcb == kExtend || cur.gcb == kZWJ || cur.gcb == kSpacingMark || prev.gcb == kPrepend) {
      boundary = false;  // GB9, GB9a, GB9b
    } else if (conjunct_state == 2 && cur.incb == kInCBConsonant) {
      boundary = false;  // GB9c
    } else if (emoji_state == 2 && cur.pictographic) {
      boundary = false;  // GB11
    } else if (prev.gcb == kRegionalIndicator && cur.gcb == kRegionalIndicator && regional_run % 2 == 1) {
      boundary = false;  // GB12, GB13
    }
    if (boundary) ++count;

    regional_run = cur.gcb == kRegionalIndicator ? regional_run + 1 : 0;
    if (cur.pictographic) {
      emoji_state = 1;
    } else if (emoji_state == 1 && cur.gcb == kExtend) {
      emoji_state = 1;
    } else if (emoji_state == 1 && cur.gcb == kZWJ) {
      emoji_state = 2;
    } else {
      emoji_state = 0;
    }
    if (cur.incb == kInCBConsonant) {
      conjunct_state = 1;
    } else if (conjunct_state != 0 && cur.incb == kInCBLinker) {
      conjunct_state = 2;
    } else if (conjunct_state != 0 && cur.incb == kInCBExtend) {
      // stays
    } else {
      conjunct_state = 0;
    }
    prev = cur;
    have_previous = true;
  }
  return count;
}

}  // namespace neo::vm::app::native::detail
