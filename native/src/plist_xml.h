// Plists cross the JS boundary as XML text in both directions, everywhere. One format keeps the
// .d.ts honest (string in, string out) and lets TypeScript parse and zod-validate every reply.
#pragma once
#include <plist/plist.h>
#include <string>

namespace cw {

// Serialises any node (dict, array or scalar root). Empty string when node is NULL.
std::string PlistToXml(plist_t node);
// Parses XML text; returns NULL when the text is not a plist.
plist_t PlistFromXml(const std::string& xml);

// Owns a plist_t so early returns cannot leak it.
class PlistHolder {
 public:
  explicit PlistHolder(plist_t p = nullptr) : p_(p) {}
  ~PlistHolder() { if (p_) plist_free(p_); }
  PlistHolder(const PlistHolder&) = delete;
  PlistHolder& operator=(const PlistHolder&) = delete;
  plist_t get() const { return p_; }
  plist_t* out() { return &p_; }
  plist_t release() { plist_t p = p_; p_ = nullptr; return p; }
 private:
  plist_t p_;
};

}  // namespace cw
