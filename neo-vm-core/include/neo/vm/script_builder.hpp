// A small script assembler (the reference's ScriptBuilder): used by tests, benchmarks and host tools.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "neo/vm/opcode.hpp"

namespace neo::vm {

class ScriptBuilder {
 public:
  ScriptBuilder& emit(OpCode op) {
    bytes_.push_back(static_cast<std::uint8_t>(op));
    return *this;
  }
  ScriptBuilder& emit(OpCode op, std::span<const std::uint8_t> operand) {
    emit(op);
    bytes_.insert(bytes_.end(), operand.begin(), operand.end());
    return *this;
  }
  ScriptBuilder& emit_u8(OpCode op, std::uint8_t a) {
    emit(op);
    bytes_.push_back(a);
    return *this;
  }
  ScriptBuilder& emit_u8x2(OpCode op, std::uint8_t a, std::uint8_t b) {
    emit(op);
    bytes_.push_back(a);
    bytes_.push_back(b);
    return *this;
  }
  ScriptBuilder& emit_i32(OpCode op, std::int32_t v) {
    emit(op);
    append_le(static_cast<std::uint32_t>(v), 4);
    return *this;
  }
  // The shortest PUSH for a 64-bit value (PUSHM1..PUSH16, else PUSHINT8..PUSHINT64).
  ScriptBuilder& emit_push(std::int64_t v) {
    if (v >= -1 && v <= 16) return emit(static_cast<OpCode>(static_cast<std::int64_t>(OpCode::PUSH0) + v));
    if (v >= INT8_MIN && v <= INT8_MAX) return emit_u8(OpCode::PUSHINT8, static_cast<std::uint8_t>(v));
    if (v >= INT16_MIN && v <= INT16_MAX) {
      emit(OpCode::PUSHINT16);
      append_le(static_cast<std::uint64_t>(v), 2);
      return *this;
    }
    if (v >= INT32_MIN && v <= INT32_MAX) return emit_i32(OpCode::PUSHINT32, static_cast<std::int32_t>(v));
    emit(OpCode::PUSHINT64);
    append_le(static_cast<std::uint64_t>(v), 8);
    return *this;
  }
  ScriptBuilder& emit_push_bytes(std::span<const std::uint8_t> data) {
    if (data.size() < 0x100) {
      emit_u8(OpCode::PUSHDATA1, static_cast<std::uint8_t>(data.size()));
    } else if (data.size() < 0x10000) {
      emit(OpCode::PUSHDATA2);
      append_le(data.size(), 2);
    } else {
      emit(OpCode::PUSHDATA4);
      append_le(data.size(), 4);
    }
    bytes_.insert(bytes_.end(), data.begin(), data.end());
    return *this;
  }
  ScriptBuilder& emit_push_string(std::string_view text) {
    return emit_push_bytes({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
  }
  ScriptBuilder& emit_syscall(std::uint32_t id) {
    emit(OpCode::SYSCALL);
    append_le(id, 4);
    return *this;
  }
  // A jump/call with a 1-byte offset to `target` (absolute position); the offset is relative to this
  // instruction.
  ScriptBuilder& emit_jump(OpCode op, std::uint32_t target) {
    const auto offset = static_cast<std::int64_t>(target) - static_cast<std::int64_t>(bytes_.size());
    return emit_u8(op, static_cast<std::uint8_t>(static_cast<std::int8_t>(offset)));
  }

  std::uint32_t position() const noexcept { return static_cast<std::uint32_t>(bytes_.size()); }
  // Patches the 1-byte offset operand of the jump instruction at `at` so that it lands on `target`.
  void patch_jump(std::uint32_t at, std::uint32_t target) {
    bytes_[at + 1] =
        static_cast<std::uint8_t>(static_cast<std::int8_t>(static_cast<std::int64_t>(target) - at));
  }
  const std::vector<std::uint8_t>& bytes() const noexcept { return bytes_; }

 private:
  void append_le(std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) bytes_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  std::vector<std::uint8_t> bytes_;
};

}  // namespace neo::vm
