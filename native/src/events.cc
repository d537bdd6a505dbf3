// Device events: libusbmuxd calls us on its own "device monitor" pthread while it holds its
// global listener mutex (docs/device-protocols.md §2.9, §6.6). So the callback only copies the event
// (the UDID points into libusbmuxd's buffer) and queues it on ONE ThreadSafeFunction; it never
// calls back into the library. Unsubscribing may join that thread, so it runs off the JS thread.
#include "events.h"

#include <usbmuxd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "device_cache.h"
#include "worker.h"

namespace cw {
namespace {

struct EventCopy {
  int type;
  std::string udid;
  uint32_t handle;
  uint32_t productId;
  int connType;
};

using Tsfn = Napi::ThreadSafeFunction;

Tsfn g_tsfn;
usbmuxd_subscription_context_t g_ctx = nullptr;
bool g_subscribed = false;
bool g_stopping = false;

void CallJs(Napi::Env env, Napi::Function cb, EventCopy* ev) {
  if (env != nullptr && cb != nullptr) {
    Napi::Object o = Napi::Object::New(env);
    const char* type = ev->type == UE_DEVICE_ADD ? "add" : ev->type == UE_DEVICE_REMOVE ? "remove" : "paired";
    o.Set("type", type);
    o.Set("udid", ev->udid);
    o.Set("handle", Napi::Number::New(env, ev->handle));
    o.Set("productId", Napi::Number::New(env, ev->productId));
    o.Set("connectionType", ev->connType == CONNECTION_TYPE_NETWORK ? "network" : "usb");
    // A throwing listener must not take the process down from an async callback.
    try {
      cb.Call({o});
    } catch (const Napi::Error& e) {
      fprintf(stderr, "cartwright_native: device event listener threw: %s\n", e.Message().c_str());
    }
  }
  delete ev;
}

// Runs on libusbmuxd's thread (or on the unsubscribing thread for synthetic REMOVEs).
void OnUsbmuxdEvent(const usbmuxd_event_t* event, void* /*user_data*/) {
  if (!event) return;
  auto* ev = new EventCopy{event->event, std::string(event->device.udid, strnlen(event->device.udid, sizeof(event->device.udid))),
                           event->device.handle, event->device.product_id, static_cast<int>(event->device.conn_type)};
  // Before JS hears of it: no connection it starts after a REMOVE can use the old DeviceID.
  // An ADD's USB entry is the device's from now on (device_cache.h), with no listing to find it.
  if (ev->type == UE_DEVICE_ADD || ev->type == UE_DEVICE_REMOVE) DeviceCacheEvent(ev->udid, ev->type == UE_DEVICE_ADD ? &event->device : nullptr);
  if (g_tsfn.NonBlockingCall(ev, CallJs) != napi_ok) delete ev;
}

// libusbmuxd's inotify wait watches /var/run for a file named "usbmuxd"; with a custom UNIX:
// socket path that never appears, so a daemon restart would hang the subscription (§2.9).
void ConfigureInotifyForAddress() {
  const char* addr = getenv("USBMUXD_SOCKET_ADDRESS");
  if (addr && strncmp(addr, "UNIX:", 5) == 0 && addr[5] != '\0') libusbmuxd_set_use_inotify(0);
}

class UnsubscribeWorker : public PromiseWorker {
 public:
  UnsubscribeWorker(Napi::Env env, usbmuxd_subscription_context_t ctx) : PromiseWorker(env), ctx_(ctx) {}
  void Execute() override {
    if (ctx_) usbmuxd_events_unsubscribe(ctx_);
  }
  void OnOK() override {
    // Only now is no libusbmuxd thread able to call the TSFN any more.
    g_tsfn.Release();
    g_tsfn = Tsfn();
    g_subscribed = false;
    g_stopping = false;
    PromiseWorker::OnOK();
  }

 private:
  usbmuxd_subscription_context_t ctx_;
};

void CleanupAtExit() {
  SetDeviceCacheEnabled(false);
  if (g_subscribed && g_ctx) {
    usbmuxd_events_unsubscribe(g_ctx);
    g_ctx = nullptr;
    g_subscribed = false;
  }
}

}  // namespace

Napi::Value SubscribeEvents(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsFunction()) throw Napi::TypeError::New(env, "subscribeEvents(callback: Function)");
  if (g_subscribed) throw Napi::Error::New(env, "device events are already subscribed (one subscription per process)");
  g_tsfn = Tsfn::New(env, info[0].As<Napi::Function>(), "cartwright-device-events", 0, 1);
  // Events alone must not keep the process alive; the owner decides when to stop.
  g_tsfn.Unref(env);
  ConfigureInotifyForAddress();
  usbmuxd_subscription_context_t ctx = nullptr;
  int rc = usbmuxd_events_subscribe(&ctx, OnUsbmuxdEvent, nullptr);
  if (rc != 0) {
    g_tsfn.Release();
    g_tsfn = Tsfn();
    throw ToJsError(env, MakeFailure("usbmuxd", rc < 0 ? rc : -1, "usbmuxd_events_subscribe"));
  }
  g_ctx = ctx;
  g_subscribed = true;
  // From now on every REMOVE reaches the idevice_t cache, so it may keep devices (device_cache.h).
  SetDeviceCacheEnabled(true);
  return env.Undefined();
}

Napi::Value UnsubscribeEvents(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!g_subscribed || g_stopping) {
    auto d = Napi::Promise::Deferred::New(env);
    d.Resolve(env.Undefined());
    return d.Promise();
  }
  g_stopping = true;
  SetDeviceCacheEnabled(false);
  usbmuxd_subscription_context_t ctx = g_ctx;
  g_ctx = nullptr;
  return (new UnsubscribeWorker(env, ctx))->Start();
}

void InitEvents(Napi::Env env) {
  env.AddCleanupHook(CleanupAtExit);
}

}  // namespace cw
