// ServiceClient.listen: a service that talks unprompted (notification_proxy's RelayNotification)
// is read on a thread of its own, and each message is handed to JS through a ThreadSafeFunction.
// A blocking receive as a device call (executor.h) would hold an executor thread for as long as a
// Trust dialog stays open, per device, and never settle a promise. libimobiledevice's own
// np_set_notify_callback is not used: its notifier sleeps 1 s after every 500 ms receive
// (src/notification_proxy.c np_notifier), the very latency the listener exists to remove.
// The thread takes the handle's mutex for one short receive at a time, so close() (which raises
// `stopListening` first) gets the handle within one slice, and the thread ends as soon as the
// handle is closed or the connection fails. The failure is delivered once, then nothing more.
#include <atomic>
#include <thread>

#include "errors.h"
#include "plist_js.h"
#include "service.h"

namespace cw {
namespace {

// Short enough for close() to wait at most this long; long enough to cost nothing while idle.
constexpr uint32_t kSliceMs = 200;

struct Delivery {
  SharedPlist message;
  Failure failure;
};

void CallJs(Napi::Env env, Napi::Function cb, Delivery* d) {
  if (env != nullptr && cb != nullptr) {
    try {
      if (d->failure.domain.empty()) {
        cb.Call({PlistToJs(env, static_cast<plist_t>(d->message.get())), env.Null()});
      } else {
        cb.Call({env.Null(), ToJsError(env, d->failure).Value()});
      }
    } catch (const Napi::Error& e) {
      // A throwing listener must not take the process down from an async callback.
      fprintf(stderr, "cartwright_native: service listener threw: %s\n", e.Message().c_str());
    }
  }
  delete d;
}

void ListenLoop(std::shared_ptr<ServiceState> st, Napi::ThreadSafeFunction tsfn) {
  for (;;) {
    if (st->stopListening.load()) break;
    plist_t p = nullptr;
    property_list_service_error_t e;
    {
      std::lock_guard<std::mutex> lock(st->mu);
      if (!st->IsOpen() || st->stopListening.load()) break;
      e = property_list_service_receive_plist_with_timeout(st->client, &p, kSliceMs);
    }
    if (e == PROPERTY_LIST_SERVICE_E_RECEIVE_TIMEOUT) {
      if (p) plist_free(p);
      continue;
    }
    auto* d = new Delivery();
    if (e != PROPERTY_LIST_SERVICE_E_SUCCESS || !p) {
      if (p) plist_free(p);
      d->failure = MakeFailure("service", e != PROPERTY_LIST_SERVICE_E_SUCCESS ? e : PROPERTY_LIST_SERVICE_E_PLIST_ERROR, "property_list_service_receive");
    } else {
      d->message = SharePlist(p);
    }
    bool failed = !d->failure.domain.empty();
    if (tsfn.BlockingCall(d, CallJs) != napi_ok) delete d;
    if (failed) break;
  }
  tsfn.Release();
}

}  // namespace

Napi::Value ServiceClient::Listen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsFunction()) throw Napi::TypeError::New(env, "listen(onMessage: (message, error) => void)");
  if (!state_) throw Napi::Error::New(env, "this handle was not created by the addon");
  if (state_->listening.exchange(true)) throw Napi::Error::New(env, "this service client is already being listened to");
  auto tsfn = Napi::ThreadSafeFunction::New(env, info[0].As<Napi::Function>(), "cartwright-service-listen", 0, 1);
  // Listening alone must not keep the process alive; the owner closes the handle.
  tsfn.Unref(env);
  std::thread(ListenLoop, state_, tsfn).detach();
  return env.Undefined();
}

}  // namespace cw
