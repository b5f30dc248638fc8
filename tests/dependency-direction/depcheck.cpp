// depcheck: enforces the package dependency direction of neo-zkvm
//   core <- guest <- {program, verifier} <- prover <- cli
// over a source tree. A package may include headers of, and link to, only the packages below it.
//
//   depcheck <repo-root>
// Prints one line per violation and exits 1 if there is any, 0 otherwise, 2 on bad usage.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Package {
  std::string name;         // short name used in messages
  std::string dir;          // folder at the repository root
  std::string export_name;  // neo::<export_name>
  std::string config_name;  // find_package(<config_name>)
  std::set<std::string> allowed;
};

const std::vector<Package>& packages() {
  static const std::vector<Package> list = {
      {"core", "neo-vm-core", "vm_core", "NeoVmCore", {}},
      {"guest", "neo-vm-guest", "vm_guest", "NeoVmGuest", {"core"}},
      {"program", "neo-zkvm-program", "zkvm_runtime", "NeoZkvmProgram", {"guest", "core"}},
      {"verifier", "neo-zkvm-verifier", "zkvm_verifier", "NeoZkvmVerifier", {"guest", "core"}},
      {"prover", "neo-zkvm-prover", "zkvm_prover", "NeoZkvmProver", {"verifier", "guest", "core"}},
      {"cli", "neo-zkvm-cli", "zkvm_cli", "NeoZkvmCli", {"prover", "verifier", "program", "guest", "core"}},
  };
  return list;
}

bool is_source(const fs::path& p) {
  static const std::set<std::string> exts = {".hpp", ".h", ".cpp", ".cc", ".S", ".in", ".def", ".inc"};
  return exts.count(p.extension().string()) > 0;
}

bool is_cmake(const fs::path& p) {
  return p.filename() == "CMakeLists.txt" || p.extension() == ".cmake";
}

// Every regular file below dir, skipping build trees.
std::vector<fs::path> files_under(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name == "build" || name.rfind("build-", 0) == 0 || name == ".git")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: depcheck <repo-root>\n";
    return 2;
  }
  const fs::path root = argv[1];
  if (!fs::is_directory(root)) {
    std::cerr << "depcheck: not a directory: " << root << "\n";
    return 2;
  }

  // Which package owns each public header, by its include path ("neo/vm/integer.hpp").
  std::map<std::string, std::string> header_owner;
  for (const Package& pkg : packages()) {
    const fs::path include_dir = root / pkg.dir / "include";
    for (const fs::path& f : files_under(include_dir)) {
      header_owner[fs::relative(f, include_dir).generic_string()] = pkg.name;
    }
  }
  std::map<std::string, std::string> target_owner;
  std::map<std::string, std::string> config_owner;
  for (const Package& pkg : packages()) {
    target_owner[pkg.export_name] = pkg.name;
    config_owner[pkg.config_name] = pkg.name;
  }

  const std::regex include_re(R"re(^\s*#\s*include\s*[<"](neo/[^>"]+)[>"])re");
  const std::regex target_re(R"re(neo::([A-Za-z0-9_]+))re");
  const std::regex find_package_re(R"re(find_package\s*\(\s*(Neo[A-Za-z0-9]+))re");

  int violations = 0;
  auto report = [&](const fs::path& file, int line, const Package& pkg, const std::string& what,
                    const std::string& owner) {
    ++violations;
    std::cout << fs::relative(file, root).generic_string() << ":" << line << ": package " << pkg.name << " ("
              << pkg.dir << ") " << what << " of package " << owner << ", which is above it; " << pkg.name
              << " may depend only on {";
    bool first = true;
    for (const auto& a : pkg.allowed) {
      std::cout << (first ? "" : ", ") << a;
      first = false;
    }
    std::cout << "}\n";
  };
  auto allowed = [](const Package& pkg, const std::string& owner) {
    return owner == pkg.name || pkg.allowed.count(owner) > 0;
  };

  std::size_t files_checked = 0;
  for (const Package& pkg : packages()) {
    for (const fs::path& f : files_under(root / pkg.dir)) {
      const bool source = is_source(f);
      const bool cmake = is_cmake(f);
      if (!source && !cmake) continue;
      ++files_checked;
      std::ifstream in(f);
      std::string text;
      int line_no = 0;
      while (std::getline(in, text)) {
        ++line_no;
        std::smatch m;
        if (source && std::regex_search(text, m, include_re)) {
          auto owner = header_owner.find(m[1].str());
          if (owner != header_owner.end() && !allowed(pkg, owner->second)) {
            report(f, line_no, pkg, "includes <" + m[1].str() + ">", owner->second);
          }
        }
        if (cmake) {
          for (auto it = std::sregex_iterator(text.begin(), text.end(), target_re); it != std::sregex_iterator();
               ++it) {
            auto owner = target_owner.find((*it)[1].str());
            if (owner != target_owner.end() && !allowed(pkg, owner->second)) {
              report(f, line_no, pkg, "links neo::" + (*it)[1].str(), owner->second);
            }
          }
          if (std::regex_search(text, m, find_package_re)) {
            auto owner = config_owner.find(m[1].str());
            if (owner != config_owner.end() && !allowed(pkg, owner->second)) {
              report(f, line_no, pkg, "finds package " + m[1].str(), owner->second);
            }
          }
        }
      }
    }
  }
  if (files_checked == 0) {
    std::cout << "depcheck: no package sources found under " << root << "\n";
    return 2;
  }
  std::cout << "depcheck: " << files_checked << " files checked, " << violations << " violation(s)\n";
  return violations == 0 ? 0 : 1;
}
