// Argument conversions of native methods (the reference's InteropParameterDescriptor converters and
// validators) and fault reasons.
#include <algorithm>
#include <cstring>

#include "native_internal.hpp"
#include "neo/vm/json.hpp"

namespace neo::vm::app::native::detail {

Reason::Reason(const NativeContract& contract, const NativeMethod& method) noexcept {
  *this << contract.name << "." << method.name;
}

Reason& Reason::operator<<(std::string_view text) noexcept {
  const std::size_t n = std::min(text.size(), sizeof(buffer_) - length_);
  if (n > 0) std::memcpy(buffer_ + length_, text.data(), n);
  length_ += n;
  return *this;
}

Reason& Reason::operator<<(std::int64_t value) noexcept {
  char digits[24];
  std::size_t n = 0;
  std::uint64_t magnitude =
      value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  do {
    digits[n++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (value < 0) digits[n++] = '-';
  std::reverse(digits, digits + n);
  return *this << std::string_view(digits, n);
}

bool Call::fail(std::string_view why) const noexcept {
  Reason r(contract, method);
  r << ": " << why;
  return app.engine().fault(r.view());
}

namespace {

std::string_view parameter_name(const NativeMethod& method, std::size_t index) noexcept {
  return index < method.parameters.size() ? method.parameters[index].name : std::string_view("argument");
}

}  // namespace

bool Call::bytes(std::size_t index, ByteScratch& scratch, std::span<const std::uint8_t>& out,
                 std::uint32_t max_length) const noexcept {
  const StackItem& item = args[index];
  if (item.is_null()) {
    Reason r(contract, method);
    r << ": " << parameter_name(method, index) << " cannot be null";
    return app.engine().fault(r.view());
  }
  if (!get_span(item, scratch, out)) {
    Reason r(contract, method);
    r << ": " << parameter_name(method, index) << " cannot be converted from "
      << stack_item_type_name(item.type());
    return app.engine().fault(r.view());
  }
  if (max_length != 0 && out.size() > max_length) {
    Reason r(contract, method);
    r << ": " << parameter_name(method, index) << " is longer than " << static_cast<std::int64_t>(max_length)
      << " bytes";
    return app.engine().fault(r.view());
  }
  return true;
}

bool Call::string(std::size_t index, ByteScratch& scratch, std::string_view& out,
                  std::uint32_t max_length) const noexcept {
  std::span<const std::uint8_t> raw;
  if (!bytes(index, scratch, raw, max_length)) return false;
  if (!json::is_valid_utf8(raw)) {
    Reason r(contract, method);
    r << ": " << parameter_name(method, index) << " is not valid UTF-8";
    return app.engine().fault(r.view());
  }
  out = std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size());
  return true;
}

bool Call::integer(std::size_t index, Integer& out) const noexcept {
  if (!get_integer(args[index], out)) {
    Reason r(contract, method);
    r << ": " << parameter_name(method, index) << " is not an integer";
    return app.engine().fault(r.view());
  }
  return true;
}

namespace {

bool in_range(const Integer& v, std::int64_t lo, std::int64_t hi) noexcept {
  return v.fits_int64() && v.to_int64() >= lo && v.to_int64() <= hi;
}

}  // namespace

bool Call::int32(std::size_t index, std::int32_t& out) const noexcept {
  Integer v;
  if (!integer(index, v)) return false;
  if (!in_range(v, INT32_MIN, INT32_MAX)) {
    Reason r(contract, method);
    r << ": " << parameter_name(method, index) << " is out of the Int32 range";
    return app.engine().fault(r.view());
  }
  out = static_cast<std::int32_t>(v.to_int64());
  return true;
}

bool Call::uint32(std::size_t index, std::uint32_t& out) const noexcept {
  Integer v;
  if (!integer(index, v)) return false;
  if (!in_range(v, 0, UINT32_MAX)) {
    Reason r(contract, method);
    r << ": " << parameter_name(method, index) << " is out of the UInt32 range";
    return app.engine().fault(r.view());
  }
  out = static_cast<std::uint32_t>(v.to_int64());
  return true;
}

bool Call::uint8(std::size_t index, std::uint8_t& out) const noexcept {
  Integer v;
  if (!integer(index, v)) return false;
  if (!in_range(v, 0, 255)) {
    Reason r(contract, method);
    r << ": " << parameter_name(method, index) << " is out of the Byte range";
    return app.engine().fault(r.view());
  }
  out = static_cast<std::uint8_t>(v.to_int64());
  return true;
}

bool Call::boolean(std::size_t index, bool& out) const noexcept {
  if (!get_boolean(args[index], out)) {
    Reason r(contract, method);
    r << ": " << parameter_name(method, index) << " is not a boolean";
    return app.engine().fault(r.view());
  }
  return true;
}

}  // namespace neo::vm::app::native::detail
