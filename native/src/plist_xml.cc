#include "plist_xml.h"

#include <cstdlib>

namespace cw {

std::string PlistToXml(plist_t node) {
  if (!node) return std::string();
  char* xml = nullptr;
  uint32_t len = 0;
  plist_to_xml(node, &xml, &len);
  std::string out = xml ? std::string(xml, len) : std::string();
  if (xml) free(xml);
  return out;
}

plist_t PlistFromXml(const std::string& xml) {
  plist_t node = nullptr;
  if (xml.empty()) return nullptr;
  plist_from_xml(xml.data(), static_cast<uint32_t>(xml.size()), &node);
  return node;
}

}  // namespace cw
