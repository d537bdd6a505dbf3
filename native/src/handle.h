// Native handles (lockdown client, service client, diagnostics relay) share this state shape.
// libimobiledevice is not thread-safe across one handle, so every operation holds `mu` for its
// whole duration: calls on one handle are serialised, calls on different devices run in parallel.
// Workers keep a shared_ptr, so a handle collected by GC mid-call stays alive until the call ends.
// The idevice_t is shared too: a service opened through a lockdown handle connects on that
// handle's device (no second usbmuxd ListDevices, and the ProductVersion the handshake learnt
// picks the service's TLS version), and lives as long as the last handle using it.
#pragma once
#include <libimobiledevice/libimobiledevice.h>

#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace cw {

// Owns one idevice_t; connections point into it, so every handle on it holds a reference.
struct DeviceRef {
  idevice_t device = nullptr;
  DeviceRef() = default;
  DeviceRef(const DeviceRef&) = delete;
  DeviceRef& operator=(const DeviceRef&) = delete;
  ~DeviceRef() {
    if (device) idevice_free(device);
  }
};

struct HandleState {
  std::mutex mu;
  std::shared_ptr<DeviceRef> device;
  std::string udid;

  idevice_t Device() const { return device ? device->device : nullptr; }

  virtual ~HandleState() = default;
  virtual bool IsOpen() const = 0;
  // Frees the client (may do network I/O: StopSession, TLS close_notify). Caller holds `mu`.
  virtual void CloseClientLocked() = 0;

  void CloseLocked() {
    if (IsOpen()) CloseClientLocked();
    device.reset();
  }
};

// Used by finalizers: freeing may block on the network, which must not happen on the JS thread.
inline void CloseInBackground(std::shared_ptr<HandleState> state) {
  if (!state) return;
  {
    std::unique_lock<std::mutex> lock(state->mu, std::try_to_lock);
    if (lock.owns_lock() && !state->IsOpen() && !state->device) return;
  }
  std::thread([s = std::move(state)]() {
    std::lock_guard<std::mutex> lock(s->mu);
    s->CloseLocked();
  }).detach();
}

}  // namespace cw
