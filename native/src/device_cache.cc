// The per-UDID idevice_t cache (device_cache.h explains why it is safe and when it is dropped).
#include "device_cache.h"

#include <usbmuxd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

namespace cw {
namespace {

struct Entry {
  std::shared_ptr<DeviceRef> ref;
  uint64_t generation = 0;  // bumped by every ADD/REMOVE of this UDID
};

std::mutex g_mu;
bool g_enabled = false;
uint64_t g_epoch = 0;  // bumped whenever the cache is turned on or off
std::map<std::string, Entry> g_entries;

Failure NewDevice(const std::string& udid, std::shared_ptr<DeviceRef>* out) {
  auto ref = std::make_shared<DeviceRef>();
  idevice_error_t ie = idevice_new(&ref->device, udid.c_str());
  if (ie == IDEVICE_E_SUCCESS && ref->device) {
    *out = std::move(ref);
    return Failure();
  }
  ref->device = nullptr;
  out->reset();
  // idevice_new says NO_DEVICE both for "not attached" and "usbmuxd not reachable"
  // (docs/device-protocols.md §6.1), but a technician needs different remedies.
  if (ie == IDEVICE_E_NO_DEVICE) {
    usbmuxd_device_info_t* list = nullptr;
    int n = usbmuxd_get_device_list(&list);
    if (n < 0) {
      Failure f = MakeFailure("usbmuxd", n, "idevice_new");
      f.codeName = "UNREACHABLE";
      return f;
    }
    usbmuxd_device_list_free(&list);
  }
  return MakeFailure("idevice", ie, "idevice_new");
}

#ifdef CW_IDEVICE_LAYOUT_KNOWN
// idevice_private of libimobiledevice 1.4.0 (src/idevice.h); 1.3.0's is the same without
// device_class, so a block of this size serves both, and idevice_free frees it (udid, conn_data, itself).
struct IdeviceLayout {
  char* udid;
  uint32_t mux_id;
  int conn_type;
  void* conn_data;
  int version;
  int device_class;
};
#endif

// What idevice_from_mux_device (1.3.0 and 1.4.0 src/idevice.c) makes of a USB entry: the UDID,
// the DeviceID, CONNECTION_USBMUXD without connection data, version and class 0. nullptr where
// the layout is not known, or for anything but USB (a network entry carries an address).
std::shared_ptr<DeviceRef> FromUsbEntry(const usbmuxd_device_info_t& d) {
#ifdef CW_IDEVICE_LAYOUT_KNOWN
  if (d.conn_type != CONNECTION_TYPE_USB) return nullptr;
  auto* dev = static_cast<IdeviceLayout*>(calloc(1, sizeof(IdeviceLayout)));
  if (!dev) return nullptr;
  dev->udid = strndup(d.udid, sizeof(d.udid));
  if (!dev->udid) {
    free(dev);
    return nullptr;
  }
  dev->mux_id = d.handle;
  dev->conn_type = CONNECTION_USBMUXD;
  auto ref = std::make_shared<DeviceRef>();
  ref->device = reinterpret_cast<idevice_t>(dev);
  return ref;
#else
  (void)d;
  return nullptr;
#endif
}

}  // namespace

Failure AcquireDevice(const std::string& udid, std::shared_ptr<DeviceRef>* out, bool* cached) {
  uint64_t generation = 0, epoch = 0;
  bool enabled = false;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    enabled = g_enabled;
    epoch = g_epoch;
    auto it = g_entries.find(udid);
    if (it != g_entries.end()) {
      if (enabled && it->second.ref) {
        *out = it->second.ref;
        *cached = true;
        return Failure();
      }
      generation = it->second.generation;
    }
  }
  *cached = false;
  Failure f = NewDevice(udid, out);
  if (!f.domain.empty() || !enabled) return f;
  std::lock_guard<std::mutex> lock(g_mu);
  if (!g_enabled || g_epoch != epoch) return f;
  Entry& e = g_entries[udid];
  // An ADD or REMOVE since the listing: its DeviceID may already be stale, use it this once only.
  if (e.generation == generation && !e.ref) e.ref = *out;
  return f;
}

void ForgetDevice(const std::string& udid, const std::shared_ptr<DeviceRef>& ref) {
  std::lock_guard<std::mutex> lock(g_mu);
  auto it = g_entries.find(udid);
  if (it != g_entries.end() && it->second.ref == ref) it->second.ref.reset();
}

void DeviceCacheEvent(const std::string& udid, const usbmuxd_device_info_t* added) {
  std::shared_ptr<DeviceRef> dropped;  // freed after the lock (idevice_free only frees memory)
  std::shared_ptr<DeviceRef> fresh = added ? FromUsbEntry(*added) : nullptr;
  std::lock_guard<std::mutex> lock(g_mu);
  Entry& e = g_entries[udid];
  e.generation++;
  dropped = std::move(e.ref);
  if (g_enabled) e.ref = std::move(fresh);
}

void SetDeviceCacheEnabled(bool on) {
  std::map<std::string, Entry> dropped;
  std::lock_guard<std::mutex> lock(g_mu);
  g_enabled = on;
  g_epoch++;
  if (!on) dropped.swap(g_entries);
}

}  // namespace cw
