// The Syscall chip's constraints (syscall.hpp).
#include "neo/zkvm/circuit/syscall.hpp"

namespace neo::zkvm::circuit {
namespace {

// Word index of a byte address whose offset is the one-hot `offset` and whose low byte is
// offset + 4 * quarter: quarter + 2^6 a[1] + 2^14 a[2] + 2^22 a[3].
Expr word_index(const Word& a, const Expr& quarter) {
  return quarter + a[1] * 64 + a[2] * 16384 + a[3] * 4194304;
}

Expr offset_value(AirBuilder& b, std::size_t first) {
  return b.main(first + 1) + b.main(first + 2) * 2 + b.main(first + 3) * 3;
}

// WRITE / HINT_READ buffers (syscall.hpp): bounds, word split, and the first SYSCALL_MEMORY tuple.
void eval_buffer(AirBuilder& b, const Expr& ts, const Expr& is_write, const Expr& is_hint_read,
                 const Word& a0, const Word& a1, const Word& a2) {
  using C = SyscallCols;
  const Word ptr = word_at(b, C::kPtr);
  const Word len = word_at(b, C::kLen);
  const Word len_m1 = word_at(b, C::kLenMinusOne);
  const Word last = word_at(b, C::kLast);
  const Expr has_data = b.main(C::kHasData);
  for (std::size_t i = 0; i < 4; ++i) {
    b.assert_eq(ptr[i], is_write * a1[i] + is_hint_read * a0[i], "buffer pointer");
    b.assert_eq(len[i], is_write * a2[i] + is_hint_read * a1[i], "buffer length");
  }
  // has_data = (n != 0); n's bytes are register bytes, so their sum is 0 only for n = 0.
  const Expr len_sum = len[0] + len[1] + len[2] + len[3];
  b.assert_bool(has_data, "has data boolean");
  b.assert_zero((Expr(1) - has_data) * len_sum, "no data only for length 0");
  b.when(has_data).assert_eq(len_sum * b.main(C::kLenInverse), 1, "length not 0");

  // n = (n - 1) + 1 and last = p + (n - 1), with p, n - 1 and last below 2^31: no wrap-around, so last is
  // the buffer's last byte address, and p >= 2^16.
  send_word_range(b, len_m1, has_data, "length - 1 bytes");
  b.send(bus_id(Bus::kAlu),
         {Expr(op_id(AluOp::kAdd)), len[0], len[1], len[2], len[3], len_m1[0], len_m1[1], len_m1[2],
          len_m1[3], Expr(1), Expr(0), Expr(0), Expr(0)},
         has_data, "length = (length - 1) + 1");
  b.send(bus_id(Bus::kAlu),
         {Expr(op_id(AluOp::kAdd)), last[0], last[1], last[2], last[3], ptr[0], ptr[1], ptr[2], ptr[3],
          len_m1[0], len_m1[1], len_m1[2], len_m1[3]},
         has_data, "last = pointer + length - 1");
  send_byte(b, ByteOp::kMsb, ptr[3], 0, 0, 0, has_data, "pointer below 2^31");
  send_byte(b, ByteOp::kMsb, len_m1[3], 0, 0, 0, has_data, "length - 1 below 2^31");
  send_byte(b, ByteOp::kMsb, last[3], 0, 0, 0, has_data, "last byte below 2^31");
  send_range16(b, ptr[2] + ptr[3] * 256 - 1, has_data, "pointer at least 2^16");

  // p[0] = offset + 4 quarter and last[0] likewise; quarter < 256 by lookup, so (p[0] being a byte) the
  // split is the integer one.
  const Expr start_selected = one_hot_selectors(b, C::kStartOffset, 4);
  const Expr end_selected = one_hot_selectors(b, C::kEndOffset, 4);
  b.assert_eq(start_selected, has_data, "start offset only with data");
  b.assert_eq(end_selected, has_data, "end offset only with data");
  const Expr start_offset = offset_value(b, C::kStartOffset);
  const Expr end_offset = offset_value(b, C::kEndOffset);
  const Expr start_quarter = b.main(C::kStartQuarter);
  const Expr end_quarter = b.main(C::kEndQuarter);
  b.when(has_data).assert_eq(ptr[0], start_offset + start_quarter * 4, "pointer low byte split");
  b.when(has_data).assert_eq(last[0], end_offset + end_quarter * 4, "last low byte split");
  send_byte(b, ByteOp::kU8, start_quarter, end_quarter, 0, 0, has_data, "offset quarters");
  b.send(bus_id(Bus::kSyscallMemory),
         {ts, word_index(ptr, start_quarter), word_index(last, end_quarter), start_offset, end_offset,
          is_hint_read},
         has_data, "buffer");
}

}  // namespace

void SyscallChip::eval(air::AirBuilder& b) const {
  using C = SyscallCols;
  const Expr is_halt = b.main(C::kIsHalt);
  const Expr is_write = b.main(C::kIsWrite);
  const Expr is_hint_len = b.main(C::kIsHintLen);
  const Expr is_hint_read = b.main(C::kIsHintRead);
  const Expr is_commit = b.main(C::kIsCommit);
  const Expr is_real = one_hot_selectors(b, C::kIsHalt, 5);
  const Expr ts = b.main(C::kTs);
  const Word id = word_at(b, C::kId);
  const Word a0 = word_at(b, C::kA0);
  const Word result = word_at(b, C::kResult);
  const Word a1 = word_at(b, C::kA1);
  const Word a2 = word_at(b, C::kA2);

  b.receive(bus_id(Bus::kSyscall),
            {ts, id[0], id[1], id[2], id[3], a0[0], a0[1], a0[2], a0[3], result[0], result[1], result[2],
             result[3], is_hint_len, is_halt},
            is_real, "ecall");
  b.assert_eq(id[0],
              is_halt * kSyscallHalt + is_write * kSyscallWrite + is_hint_len * kSyscallHintLen +
                  is_hint_read * kSyscallHintRead + is_commit * kSyscallCommit,
              "syscall id");
  for (std::size_t i = 1; i < 4; ++i) b.assert_zero(id[i], "syscall id high bytes");
  eval_access(b, Expr(kRegA1), a1, a1, ts + 2, {C::kA1Access, C::kA1Access + 1, C::kA1Access + 2}, is_real,
              "a1");
  eval_access(b, Expr(kRegA2), a2, a2, ts + 2, {C::kA2Access, C::kA2Access + 1, C::kA2Access + 2}, is_real,
              "a2");

  // The private input (docs/circuit.md §4): HINT_LEN and HINT_READ access the private-input cell at ts + 2.
  // HINT_LEN returns what is left; HINT_READ of n bytes leaves before - n, with n <= before (SLTU(before, n)
  // = 0, so the subtraction does not wrap). Only HINT_LEN returns something.
  const Word hint_before = word_at(b, C::kHintBefore);
  const Word hint_after = word_at(b, C::kHintAfter);
  const Word hint_len = word_at(b, C::kLen);
  eval_access(b, Expr(kHintCell), hint_before, hint_after, ts + 2,
              {C::kHintAccess, C::kHintAccess + 1, C::kHintAccess + 2}, is_hint_len + is_hint_read,
              "private input left");
  for (std::size_t i = 0; i < 4; ++i) {
    b.when(Expr(1) - is_hint_len).assert_zero(result[i], "no result");
    b.when(is_hint_len).assert_eq(result[i], hint_before[i], "HINT_LEN: what is left");
    b.when(is_hint_len).assert_eq(hint_after[i], hint_before[i], "HINT_LEN consumes nothing");
  }
  send_word_range(b, hint_after, is_hint_read, "left after HINT_READ bytes");
  b.send(bus_id(Bus::kAlu),
         {Expr(op_id(AluOp::kAdd)), hint_before[0], hint_before[1], hint_before[2], hint_before[3],
          hint_after[0], hint_after[1], hint_after[2], hint_after[3], hint_len[0], hint_len[1], hint_len[2],
          hint_len[3]},
         is_hint_read, "left before = left after + length");
  b.send(bus_id(Bus::kAlu),
         {Expr(op_id(AluOp::kSltu)), Expr(0), Expr(0), Expr(0), Expr(0), hint_before[0], hint_before[1],
          hint_before[2], hint_before[3], hint_len[0], hint_len[1], hint_len[2], hint_len[3]},
         is_hint_read, "length at most what is left");

  // WRITE: fd in {1, 2, 3}.
  for (std::size_t i = 1; i < 4; ++i) b.when(is_write).assert_zero(a0[i], "fd high bytes");
  b.assert_eq(b.main(C::kFdProduct), (a0[0] - 1) * (a0[0] - 2), "fd product");
  b.when(is_write).assert_zero(b.main(C::kFdProduct) * (a0[0] - 3), "fd is 1, 2 or 3");
  eval_buffer(b, ts, is_write, is_hint_read, a0, a1, a2);

  // COMMIT: a0 = index (one-hot), a1 = the digest word of that index.
  Expr selected = 0;
  Expr index = 0;
  for (std::uint32_t k = 0; k < kDigestWords; ++k) {
    const Expr sel = b.main(C::kCommitSel + k);
    b.assert_bool(sel, "commit index selector");
    selected += sel;
    index += sel * k;
    for (std::size_t j = 0; j < 4; ++j) {
      b.when(sel).assert_eq(a1[j], b.public_value(SyscallPublicValues::kDigest + 4 * k + j), "digest word");
    }
  }
  b.assert_eq(selected, is_commit, "commit selects one index");
  // seen_k = OR of sel_k over this row and the rows before; the last row's value is public.
  for (std::uint32_t k = 0; k < kDigestWords; ++k) {
    const Expr seen = b.main(C::kCommitSeen + k);
    const Expr sel_next = b.main_next(C::kCommitSel + k);
    b.when_first_row().assert_eq(seen, b.main(C::kCommitSel + k), "committed flag starts");
    b.when_transition().assert_eq(b.main_next(C::kCommitSeen + k), seen + sel_next - seen * sel_next,
                                  "committed flag accumulates");
    b.when_last_row().assert_eq(seen, b.public_value(SyscallPublicValues::kCommitted + k), "committed flag");
  }
  b.when(is_commit).assert_eq(a0[0], index, "commit index");
  for (std::size_t i = 1; i < 4; ++i) b.when(is_commit).assert_zero(a0[i], "commit index high bytes");
}

void SyscallMemoryChip::eval(air::AirBuilder& b) const {
  using C = SyscallMemoryCols;
  const Expr is_real = b.main(C::kIsReal);
  const Expr is_last = b.main(C::kIsLast);
  const Expr writes = b.main(C::kWrites);
  const Expr ts = b.main(C::kTs);
  const Expr word = b.main(C::kWord);
  const Expr last_word = b.main(C::kLastWord);
  b.assert_bool(is_real, "is_real boolean");
  b.assert_bool(is_last, "is_last boolean");
  b.assert_bool(writes, "writes boolean");
  b.assert_zero(is_last * (Expr(1) - is_real), "padding is not last");
  const Expr start_selected = one_hot_selectors(b, C::kStartOffset, 4);
  const Expr end_selected = one_hot_selectors(b, C::kEndOffset, 4);
  b.assert_eq(start_selected, is_real, "start offset on real rows");
  b.assert_eq(end_selected, is_real, "end offset on real rows");
  // The chain stops exactly at the last word: is_last => word = last word; otherwise they differ.
  b.assert_zero(is_last * (word - last_word), "last row at the last word");
  b.assert_eq((word - last_word) * b.main(C::kGapInverse), is_real - is_last, "other rows before it");

  // Byte j is in the buffer iff j >= start offset and (not the last word, or j <= end offset).
  const Word prev = word_at(b, C::kPrev);
  const Word value = word_at(b, C::kValue);
  Expr from_start = 0;  // sum of start selectors k <= j
  for (std::size_t j = 0; j < 4; ++j) {
    from_start += b.main(C::kStartOffset + j);
    Expr to_end = 0;  // sum of end selectors k >= j
    for (std::size_t k = j; k < 4; ++k) to_end += b.main(C::kEndOffset + k);
    const Expr mask = b.main(C::kMask + j);
    b.assert_eq(mask, from_start * (Expr(1) - is_last * (Expr(1) - to_end)), "byte mask");
    b.assert_zero((Expr(1) - writes * mask) * (value[j] - prev[j]),
                  "bytes outside a HINT_READ keep their value");
  }
  send_word_range(b, value, writes, "hint bytes");
  const Expr read_only = read_only_mask(b, C::kReadOnly);
  eval_access(b, word, prev, value, ts + 2, {C::kAccess, C::kAccess + 1, C::kAccess + 2}, is_real,
              "buffer word", read_only);
  // HINT_READ writes no read-only byte (the executor traps: HINT_READ into a read-only segment).
  Expr written_read_only = 0;
  for (std::size_t j = 0; j < 4; ++j) written_read_only += b.main(C::kMask + j) * b.main(C::kReadOnly + j);
  b.assert_zero(writes * written_read_only, "no HINT_READ into read-only memory");

  const Expr end_offset = offset_value(b, C::kEndOffset);
  b.receive(bus_id(Bus::kSyscallMemory),
            {ts, word, last_word, offset_value(b, C::kStartOffset), end_offset, writes}, is_real,
            "buffer word");
  b.send(bus_id(Bus::kSyscallMemory), {ts, word + 1, last_word, Expr(0), end_offset, writes},
         is_real - is_last, "next buffer word");
}

}  // namespace neo::zkvm::circuit
