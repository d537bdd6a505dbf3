#include "lockdown_handshake.h"

#include <plist/plist.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "prompt_tls.h"

namespace cw {
namespace {

// libimobiledevice src/idevice.h DEVICE_VERSION.
constexpr int DeviceVersion(int maj, int min, int patch) { return ((maj & 0xFF) << 16) | ((min & 0xFF) << 8) | (patch & 0xFF); }

#ifdef CW_IDEVICE_LAYOUT_KNOWN
// The leading members of idevice_private in libimobiledevice 1.3.0 and 1.4.0 (src/idevice.h).
struct IdevicePrefix {
  char* udid;
  uint32_t mux_id;
  int conn_type;
  void* conn_data;
  int version;
};
#endif

std::string HostIdOf(const std::string& record) {
  plist_t p = nullptr;
  plist_from_memory(record.data(), static_cast<uint32_t>(record.size()), &p);
  if (!p) return std::string();
  std::string out;
  plist_t node = plist_get_node_type(p) == PLIST_DICT ? plist_dict_get_item(p, "HostID") : nullptr;
  if (node && plist_get_node_type(node) == PLIST_STRING) {
    char* s = nullptr;
    plist_get_string_val(node, &s);
    if (s) out = s;
    free(s);
  }
  plist_free(p);
  return out;
}

// A ProductVersion string node as DEVICE_VERSION, 0 when it is not one (as the library parses it).
int VersionOf(plist_t node) {
  if (!node || plist_get_node_type(node) != PLIST_STRING) return 0;
  int version = 0;
  char* s = nullptr;
  plist_get_string_val(node, &s);
  int v[3] = {0, 0, 0};
  if (s && sscanf(s, "%d.%d.%d", &v[0], &v[1], &v[2]) >= 2) version = DeviceVersion(v[0], v[1], v[2]);
  free(s);
  return version;
}

// ProductVersion as DEVICE_VERSION, 0 when unreadable (as lockdownd_client_new_with_handshake).
int ReadVersion(lockdownd_client_t client) {
  plist_t value = nullptr;
  int version = 0;
  if (lockdownd_get_value(client, nullptr, "ProductVersion", &value) == LOCKDOWN_E_SUCCESS) version = VersionOf(value);
  if (value) plist_free(value);
  return version;
}

}  // namespace

void RememberProductVersion(idevice_t device, plist_t value, bool wholeDomain) {
#ifdef CW_IDEVICE_LAYOUT_KNOWN
  auto* prefix = reinterpret_cast<IdevicePrefix*>(device);
  if (!device || prefix->version != 0 || !value) return;
  plist_t node = wholeDomain ? (plist_get_node_type(value) == PLIST_DICT ? plist_dict_get_item(value, "ProductVersion") : nullptr) : value;
  prefix->version = VersionOf(node);
#else
  (void)device;
  (void)value;
  (void)wholeDomain;
#endif
}

lockdownd_error_t HandshakePromptly(idevice_t device, const char* label, const std::string& pairRecord, lockdownd_client_t* out) {
#ifndef CW_IDEVICE_LAYOUT_KNOWN
  (void)pairRecord;
  return lockdownd_client_new_with_handshake(device, out, label);
#else
  std::string hostId = HostIdOf(pairRecord);
  // A record without HostID is the library's INVALID_CONF; let it say so itself.
  if (hostId.empty()) return lockdownd_client_new_with_handshake(device, out, label);
  auto* prefix = reinterpret_cast<IdevicePrefix*>(device);
  lockdownd_client_t client = nullptr;
  lockdownd_error_t e = lockdownd_client_new(device, &client, label);
  if (e != LOCKDOWN_E_SUCCESS) return e;
  char* type = nullptr;
  // The library only warns when QueryType fails or names another service; so do we (by ignoring it).
  lockdownd_query_type(client, &type);
  free(type);
  if (prefix->version == 0) prefix->version = ReadVersion(client);
  if (prefix->version < DeviceVersion(7, 0, 0)) {
    // iOS < 7 needs ValidatePair, with the library's pairing fallback: its own path, on a new client.
    lockdownd_client_free(client);
    return lockdownd_client_new_with_handshake(device, out, label);
  }
  e = StartSessionPromptly(device, client, hostId);
  if (e != LOCKDOWN_E_SUCCESS) {
    lockdownd_client_free(client);
    return e;
  }
  *out = client;
  return LOCKDOWN_E_SUCCESS;
#endif
}

lockdownd_error_t StartSessionPromptly(idevice_t device, lockdownd_client_t client, const std::string& hostId) {
#ifndef CW_IDEVICE_LAYOUT_KNOWN
  (void)device;
  (void)client;
  (void)hostId;
  return LOCKDOWN_E_UNKNOWN_ERROR;
#else
  auto* prefix = reinterpret_cast<IdevicePrefix*>(device);
  // The TLS version idevice_connection_enable_ssl picks depends on it (docs/device-protocols.md §3.7).
  if (prefix->version == 0) prefix->version = ReadVersion(client);
  if (prefix->version < DeviceVersion(7, 0, 0)) {
    // As lockdownd_client_new_with_handshake does before StartSession on iOS < 7 (without its
    // pairing fallback: the caller's record is in usbmuxd already).
    lockdownd_error_t v = lockdownd_validate_pair(client, nullptr);
    if (v != LOCKDOWN_E_SUCCESS) return v;
  }
  // lockdownd_client_private begins with its property_list_service_client_t (prompt_tls.h).
  idevice_connection_t connection = ConnectionOf(*reinterpret_cast<property_list_service_client_t*>(client));
  return WithBlockingSocket(connection, [&] { return lockdownd_start_session(client, hostId.c_str(), nullptr, nullptr); });
#endif
}

}  // namespace cw
