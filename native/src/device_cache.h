// One reusable idevice_t per attached device, so a connection costs no usbmuxd ListDevices.
//
// idevice_new lists every device usbmuxd knows to find one (libimobiledevice 1.3.0 src/idevice.c
// idevice_new_with_options -> libusbmuxd 2.0.2 src/libusbmuxd.c usbmuxd_get_device ->
// usbmuxd_get_device_list): ~70 KB of XML at 100 devices, for every lockdown or service
// connection. Yet an idevice_t holds only the UDID, the mux DeviceID, the connection type and the
// ProductVersion a handshake learnt (idevice_from_mux_device), and each lockdownd_client_new or
// idevice_connect opens a fresh usbmuxd Connect to that DeviceID (idevice_connect ->
// usbmuxd_connect(device->mux_id, port)); nothing in it belongs to one connection. So one kept per
// UDID serves every connection to that device while it stays attached. Connections on it run on
// several executor threads at once: idevice_connect only reads it, and the two writes of the
// ProductVersion (a handshake, lockdown_handshake.h, and a default-domain GetValue,
// lockdown_ops.cc RememberProductVersion) store the same value each time; a
// kept device also spares later handshakes their GetValue ProductVersion.
//
// The entry is made from the device's ADD event itself where idevice_private's layout is known (the
// same four fields idevice_from_mux_device copies from a listing), so only a device this process
// never saw attach, or a platform of unknown layout, costs one listing on its first connection.
//
// A DeviceID is only good until the device leaves: usbmuxd numbers it anew on a replug, and from 1
// again after a restart, so a stale one could reach another device. The cache is therefore kept
// only while this process is subscribed to device events (events.cc), and an entry is dropped on
// that UDID's ADD or REMOVE, on libusbmuxd's own thread before JS hears of the event; libusbmuxd
// reports REMOVE for every device when its usbmuxd connection breaks (get_next_event), which covers
// a daemon restart. A listing that raced with such an event is not kept (per-UDID generation). A
// connection on a cached device that fails with a mux error drops it and is retried once on a fresh
// idevice_new, so a device that is gone, or a usbmuxd that is down, fails exactly as it did.
#pragma once
#include <usbmuxd.h>

#include <memory>
#include <string>

#include "errors.h"
#include "handle.h"

namespace cw {

// The device for `udid`: the cached one (*cached = true) or a fresh idevice_new (kept when the
// cache is on). Fails as idevice_new does, telling "usbmuxd unreachable" from "not attached".
Failure AcquireDevice(const std::string& udid, std::shared_ptr<DeviceRef>* out, bool* cached);
// Drops `ref` from the cache if it is still the entry for `udid`.
void ForgetDevice(const std::string& udid, const std::shared_ptr<DeviceRef>& ref);
// Called for every device ADD and REMOVE (any thread; takes only the cache's own lock). `added`:
// the ADD's device entry; a USB one becomes the UDID's cached device at once, built as
// libimobiledevice builds it from a listing (idevice_from_mux_device), so not even the first
// connection to a device lists usbmuxd's devices. Only where idevice_private's layout is known
// (lockdown_handshake.h); elsewhere the first connection lists as before.
void DeviceCacheEvent(const std::string& udid, const usbmuxd_device_info_t* added = nullptr);
// On while device events are subscribed; turning it off empties it.
void SetDeviceCacheEnabled(bool on);

// A connect that failed before reaching the device, as each layer reports it (lockdown -8,
// service and diagnostics -3: idevice_connect's usbmuxd Connect was refused).
inline bool IsMuxFailure(const Failure& f) { return f.codeName == "MUX_ERROR"; }

// Runs connect(device) on the device for `udid`; on a mux failure with a cached device, forgets
// it and runs once more on a fresh one. *out is the device the last attempt used.
template <typename Connect>
Failure ConnectOnDevice(const std::string& udid, std::shared_ptr<DeviceRef>* out, Connect connect) {
  bool cached = false;
  Failure f = AcquireDevice(udid, out, &cached);
  if (!f.domain.empty()) return f;
  f = connect(*out);
  if (f.domain.empty() || !cached || !IsMuxFailure(f)) return f;
  ForgetDevice(udid, *out);
  f = AcquireDevice(udid, out, &cached);
  if (!f.domain.empty()) return f;
  return connect(*out);
}

}  // namespace cw
