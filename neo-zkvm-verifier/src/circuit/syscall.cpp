// The Syscall chip's constraints (syscall.hpp).
#include "neo/zkvm/circuit/syscall.hpp"

namespace neo::zkvm::circuit {

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

  // Only HINT_LEN returns something: a length the prover knows, as 4 bytes.
  for (std::size_t i = 0; i < 4; ++i) b.when(Expr(1) - is_hint_len).assert_zero(result[i], "no result");
  send_word_range(b, result, is_hint_len, "hint length bytes");

  // WRITE: fd in {1, 2, 3}.
  for (std::size_t i = 1; i < 4; ++i) b.when(is_write).assert_zero(a0[i], "fd high bytes");
  b.assert_eq(b.main(C::kFdProduct), (a0[0] - 1) * (a0[0] - 2), "fd product");
  b.when(is_write).assert_zero(b.main(C::kFdProduct) * (a0[0] - 3), "fd is 1, 2 or 3");
  // The syscall-memory chip is not there yet: WRITE and HINT_READ move no bytes (see syscall.hpp).
  for (std::size_t i = 0; i < 4; ++i) {
    b.when(is_write).assert_zero(a2[i], "write length 0 (syscall memory not yet in the circuit)");
    b.when(is_hint_read).assert_zero(a1[i], "hint read length 0 (syscall memory not yet in the circuit)");
  }

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

}  // namespace neo::zkvm::circuit
