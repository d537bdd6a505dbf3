// The per-UDID idevice_t cache (device_cache.h explains why it is safe and when it is dropped).
#include "device_cache.h"

#include <usbmuxd.h>

#include <cstdint>
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

void DeviceCacheEvent(const std::string& udid) {
  std::shared_ptr<DeviceRef> dropped;  // freed after the lock (idevice_free only frees memory)
  std::lock_guard<std::mutex> lock(g_mu);
  Entry& e = g_entries[udid];
  e.generation++;
  dropped = std::move(e.ref);
}

void SetDeviceCacheEnabled(bool on) {
  std::map<std::string, Entry> dropped;
  std::lock_guard<std::mutex> lock(g_mu);
  g_enabled = on;
  g_epoch++;
  if (!on) dropped.swap(g_entries);
}

}  // namespace cw
