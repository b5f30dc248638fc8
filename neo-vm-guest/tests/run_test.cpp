#include <catch2/catch.hpp>

#include "neo/guest/public_inputs.hpp"
#include "neo/guest/run.hpp"
#include "neo/vm/app/application_engine.hpp"
#include "neo/vm/app/nef.hpp"
#include "neo/vm/assembly/assembler.hpp"
#include "neo/vm/crypto/host.hpp"
#include "neo/vm/storage/storage.hpp"

using namespace neo::guest;

namespace {

ProofInput script(std::vector<std::uint8_t> bytes, std::vector<StackValue> args = {}) {
  ProofInput in;
  in.script = std::move(bytes);
  in.arguments = std::move(args);
  return in;
}

constexpr std::uint8_t PUSH1 = 0x11, PUSH2 = 0x12, ADD = 0x9E, SUB = 0x9F, RET = 0x40, THROW = 0x3A,
                       NEWARRAY0 = 0xC2, DUP = 0x4A, APPEND = 0xCF, PUSHDATA1 = 0x0C, SYSCALL = 0x41;

}  // namespace

TEST_CASE("run: a HALTing script reports its result stack and gas", "[run]") {
  const ProofOutput out = run(script({PUSH1, PUSH2, ADD, RET}));
  REQUIRE(out.state == VmState::Halt);
  CHECK(out.fault_reason.empty());
  REQUIRE(out.result_stack.size() == 1);
  CHECK(out.result_stack[0] == StackValue::integer(3));
  CHECK(out.gas_consumed == (1 + 1 + 8 + 0) * 30);  // opcode prices x the default exec fee factor
}

TEST_CASE("run: arguments[0] is on top of the stack", "[run]") {
  const ProofOutput out = run(script({SUB, RET}, {StackValue::integer(5), StackValue::integer(3)}));
  REQUIRE(out.state == VmState::Halt);
  CHECK(out.result_stack == std::vector<StackValue>{StackValue::integer(-2)});  // 3 - 5
}

TEST_CASE("run: compound arguments come back as they went in", "[run]") {
  const StackValue arg = StackValue::array(
      {StackValue::byte_string("neo"), StackValue::map({StackValue::integer(1), StackValue::boolean(true)}),
       StackValue::structure({StackValue::null(), StackValue::buffer(std::vector<std::uint8_t>{1, 2, 3})})});
  const ProofOutput out = run(script({RET}, {arg}));
  REQUIRE(out.state == VmState::Halt);
  CHECK(out.result_stack == std::vector<StackValue>{arg});
}

TEST_CASE("run: faults carry a reason and the gas spent", "[run]") {
  const ProofOutput thrown = run(script({PUSHDATA1, 2, 'n', 'o', THROW}));
  CHECK(thrown.state == VmState::Fault);
  CHECK_FALSE(thrown.fault_reason.empty());
  CHECK(thrown.gas_consumed == (8 + 512) * 30);

  ProofInput limited = script({PUSH1, PUSH2, ADD, RET});
  limited.gas_limit = 30;  // enough for PUSH1 only
  const ProofOutput out_of_gas = run(limited);
  CHECK(out_of_gas.state == VmState::Fault);
  CHECK(out_of_gas.gas_consumed <= 60);

  const ProofOutput unknown = run(script({SYSCALL, 0x01, 0x02, 0x03, 0x04}));
  CHECK(unknown.state == VmState::Fault);

  const ProofOutput pointer_arg = run(script({RET}, {StackValue{StackItemType::Pointer, {0, 0, 0, 0}, {}}}));
  CHECK(pointer_arg.state == VmState::Fault);
  CHECK(pointer_arg.fault_reason == "argument is not a value a caller can pass (Pointer or InteropInterface)");
}

TEST_CASE("run: a cyclic result is reported, not followed", "[run]") {
  const ProofOutput out = run(script({NEWARRAY0, DUP, DUP, APPEND, RET}));
  REQUIRE(out.state == VmState::Halt);
  REQUIRE(out.result_stack.size() == 1);
  CHECK(out.result_stack[0].type == StackItemType::InteropInterface);
  CHECK(std::string(out.result_stack[0].bytes.begin(), out.result_stack[0].bytes.end()) ==
        "error: recursive reference");
  // And the output still encodes and decodes.
  CHECK(decode_proof_output(encode(out)).ok());
}

TEST_CASE("run: the storage roots are the state roots of the environment's storage", "[run]") {
  ProofInput in = script({RET});
  in.environment.storage = {{1, {1}, {2}}, {2, {3}, {4}}};
  const ProofOutput out = run(in);
  const std::vector<neo::vm::storage::StorageEntry> entries = {{{1, {1}}, {2}}, {{2, {3}}, {4}}};
  CHECK(out.storage_root_before == neo::vm::storage::state_root(entries));
  CHECK(out.storage_root_after == out.storage_root_before);
  CHECK(out.storage_changes.empty());
}

TEST_CASE("run is deterministic: same input, same output bytes", "[run]") {
  const ProofInput in = script({PUSH1, PUSH2, ADD, NEWARRAY0, DUP, PUSH1, APPEND, RET});
  CHECK(encode(run(in)) == encode(run(in)));
  CHECK(make_public_inputs(in, run(in)) == make_public_inputs(in, run(in)));
}

// --- the application layer: interop services run inside run() ------------------------------------------------

namespace {

ProofInput assembled(std::string_view source) {
  const neo::vm::assembly::AssembleResult a = neo::vm::assembly::assemble(source);
  INFO(source);
  REQUIRE(a.ok());
  return script(a.script);
}

}  // namespace

TEST_CASE("run: interop services see the execution environment", "[run][interop]") {
  ProofInput in = assembled(
      "SYSCALL System.Runtime.GetNetwork\n"
      "SYSCALL System.Runtime.GetTime\n"
      "PUSHDATA1 \"hello\"\n"
      "SYSCALL System.Runtime.Log\n"
      "RET\n");
  in.environment.network = 894710606;  // TestNet magic
  in.environment.block_time_ms = 1'700'000'000'000;
  const ProofOutput out = run(in);
  REQUIRE(out.state == VmState::Halt);
  REQUIRE(out.result_stack.size() == 2);
  CHECK(out.result_stack[0] == StackValue::integer(1'700'000'000'000));
  CHECK(out.result_stack[1] == StackValue::integer(894710606));
  REQUIRE(out.logs.size() == 1);
  CHECK(out.logs[0].message == "hello");
  CHECK(out.gas_consumed > 0);
}

TEST_CASE("run: CheckWitness follows the environment's signers", "[run][interop]") {
  ProofInput in = assembled(
      "PUSHDATA1 0x0102030405060708090a0b0c0d0e0f1011121314\n"
      "SYSCALL System.Runtime.CheckWitness\n"
      "RET\n");
  CHECK(run(in).result_stack.at(0) == StackValue::boolean(false));
  neo::vm::Signer signer;
  for (std::uint8_t i = 0; i < 20; ++i) signer.account[i] = static_cast<std::uint8_t>(i + 1);
  in.environment.signers.push_back(signer);
  CHECK(run(in).result_stack.at(0) == StackValue::boolean(true));
}

TEST_CASE("run: logs survive a FAULT, the fault reason is reported", "[run][interop]") {
  const ProofOutput out = run(assembled(
      "PUSHDATA1 \"before\"\n"
      "SYSCALL System.Runtime.Log\n"
      "PUSHDATA1 \"boom\"\n"
      "THROW\n"));
  CHECK(out.state == VmState::Fault);
  CHECK(out.fault_reason.find("boom") != std::string::npos);
  REQUIRE(out.logs.size() == 1);
  CHECK(out.logs[0].message == "before");
  CHECK(decode_proof_output(encode(out)).ok());
}

TEST_CASE("run: the host and portable crypto backends give the same output bytes", "[run][interop]") {
  // CheckSig over the environment's signable data exercises the backend; a wrong signature is false in both.
  ProofInput in = assembled(
      "PUSHDATA1 0x" + std::string(128, '1') + "\n"
      "PUSHDATA1 0x02" + std::string(64, 'a') + "\n"
      "SWAP\n"
      "SYSCALL System.Crypto.CheckSig\n"
      "RET\n");
  in.environment.signable_data = {1, 2, 3};
  const ProofOutput portable = run(in);
  const ProofOutput host = run(in, neo::vm::crypto::host_backend());
  CHECK(encode(portable) == encode(host));
}

// --- contracts: a NEF + manifest invoked by method name -------------------------------------------------------

namespace {

// A counter contract: add(amount) adds to the stored "total", notifies Added(total) and returns the total.
constexpr std::string_view kCounterManifest = R"({
  "name": "Counter", "groups": [], "features": {}, "supportedstandards": [],
  "abi": {
    "methods": [
      { "name": "add", "parameters": [{ "name": "amount", "type": "Integer" }], "returntype": "Integer",
        "offset": 0, "safe": false }
    ],
    "events": [ { "name": "Added", "parameters": [{ "name": "total", "type": "Integer" }] } ]
  },
  "permissions": [{ "contract": "*", "methods": "*" }], "trusts": [], "extra": null
})";

ProofInput counter_call(std::int64_t amount) {
  const neo::vm::assembly::AssembleResult a = neo::vm::assembly::assemble(
      "INITSLOT 1 1\n"
      "PUSHDATA1 \"total\"\n"
      "SYSCALL System.Storage.GetContext\n"  // Get(context, key): the first parameter on top
      "SYSCALL System.Storage.Get\n"  // Null the first time: then 0
      "DUP\n"
      "ISNULL\n"
      "JMPIFNOT stored\n"
      "DROP\n"
      "PUSH0\n"
      "stored: CONVERT Integer\n"
      "LDARG0\n"
      "ADD\n"
      "STLOC0\n"
      "LDLOC0\n"
      "PUSHDATA1 \"total\"\n"
      "SYSCALL System.Storage.GetContext\n"
      "SYSCALL System.Storage.Put\n"
      "LDLOC0\n"
      "PUSH1\n"
      "PACK\n"
      "PUSHDATA1 \"Added\"\n"
      "SYSCALL System.Runtime.Notify\n"
      "LDLOC0\n"
      "RET\n");
  REQUIRE(a.ok());
  neo::vm::app::NefFile nef;
  nef.compiler = neo::vm::app::make_text("neo-zkvm tests");
  nef.script = a.script;
  ProofInput in;
  in.kind = ProgramKind::Contract;
  in.script = neo::vm::app::write_nef(nef);
  in.manifest = std::string(kCounterManifest);
  in.method = "add";
  in.arguments = {StackValue::integer(amount)};
  return in;
}

}  // namespace

TEST_CASE("run: a NEF contract method runs with storage, notifications and the state root", "[run][contract]") {
  const ProofInput in = counter_call(5);
  const ProofOutput out = run(in);
  INFO(out.fault_reason);
  REQUIRE(out.state == VmState::Halt);
  REQUIRE(out.result_stack.size() == 1);
  CHECK(out.result_stack[0] == StackValue::integer(5));
  REQUIRE(out.notifications.size() == 1);
  CHECK(out.notifications[0].event_name == "Added");
  REQUIRE(out.storage_changes.size() == 1);
  CHECK(out.storage_changes[0].kind == StorageChangeKind::Added);
  CHECK(out.storage_changes[0].contract_id == 1);  // no contracts in the environment: the next free id is 1
  CHECK(out.storage_root_after != out.storage_root_before);

  // With the contract's storage given in the environment, the call adds to it.
  ProofInput again = counter_call(7);
  again.environment.storage.push_back({1, {'t', 'o', 't', 'a', 'l'}, {5}});
  const ProofOutput second = run(again);
  REQUIRE(second.state == VmState::Halt);
  CHECK(second.result_stack.at(0) == StackValue::integer(12));
  REQUIRE(second.storage_changes.size() == 1);
  CHECK(second.storage_changes[0].kind == StorageChangeKind::Changed);
  CHECK(encode(run(again)) == encode(run(again, neo::vm::crypto::host_backend())));
}

TEST_CASE("run: malformed contracts and calls fault with the reason", "[run][contract]") {
  ProofInput bad_nef = counter_call(1);
  bad_nef.script[0] ^= 0xFF;  // the magic
  const ProofOutput a = run(bad_nef);
  CHECK(a.state == VmState::Fault);
  CHECK(a.fault_reason.find("NEF: magic") != std::string::npos);

  ProofInput bad_manifest = counter_call(1);
  bad_manifest.manifest = "{";
  const ProofOutput b = run(bad_manifest);
  CHECK(b.state == VmState::Fault);
  CHECK(b.fault_reason.rfind("manifest", 0) == 0);

  ProofInput no_method = counter_call(1);
  no_method.method = "sub";
  const ProofOutput c = run(no_method);
  CHECK(c.state == VmState::Fault);
  CHECK(c.fault_reason.find("sub") != std::string::npos);

  ProofInput wrong_type = counter_call(1);
  wrong_type.arguments = {StackValue::byte_string(std::string_view("five"))};
  const ProofOutput d = run(wrong_type);
  CHECK(d.state == VmState::Fault);
  CHECK(d.fault_reason.find("Argument 0") != std::string::npos);
}
